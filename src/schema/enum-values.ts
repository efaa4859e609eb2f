/**
 * Pothos enum values with a description each, from the const arrays the database and analyzer
 * share. The `descriptions` record must name every value (TypeScript checks it), so a new value
 * cannot reach the schema undescribed.
 */
export function describedValues<const V extends string>(values: readonly V[], descriptions: Record<V, string>) {
  return Object.fromEntries(values.map((value) => [value, { value, description: descriptions[value] }])) as {
    [K in V]: { value: K; description: string };
  };
}
