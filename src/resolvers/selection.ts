import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

type Info = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>;

/**
 * The names of the fields a query selects at `path` below the field being resolved (for a
 * connection, `['edges', 'node']`), through fragments and inline fragments. `@skip`/`@include`
 * are not evaluated: a field under either counts as selected, since a superset is safe for the
 * one use of this, choosing which columns to read. Null when it cannot tell (a fragment that is
 * not in the document), so the caller reads everything.
 */
export function selectedFields(info: Info, path: readonly string[]): Set<string> | null {
  let sets: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    const next: SelectionSetNode[] = [];
    for (const set of sets) {
      const complete = eachField(set, info, (field) => {
        if (field.name.value === name && field.selectionSet) next.push(field.selectionSet);
      });
      if (!complete) return null;
    }
    sets = next;
  }
  const names = new Set<string>();
  for (const set of sets) if (!eachField(set, info, (field) => names.add(field.name.value))) return null;
  return names;
}

/** Calls `visit` for every field of `set`, fragments included; false if a fragment is missing. */
function eachField(set: SelectionSetNode, info: Info, visit: (field: { name: { value: string }; selectionSet?: SelectionSetNode }) => void, seen = new Set<string>()): boolean {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (!eachField(selection.selectionSet, info, visit, seen)) return false;
    } else {
      const name = selection.name.value;
      if (seen.has(name)) continue;
      const fragment = info.fragments[name];
      if (!fragment) return false;
      seen.add(name);
      if (!eachField(fragment.selectionSet, info, visit, seen)) return false;
    }
  }
  return true;
}
