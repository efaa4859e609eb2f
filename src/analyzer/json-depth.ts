/**
 * How deep a JSON document may nest. Real workflows stay under ~20 levels (node parameters
 * nest a few objects deep); recursion elsewhere (JSON.stringify with a replacer, PostgreSQL's
 * jsonb input) fails somewhere past a few thousand, so anything past this is refused up front.
 */
export const MAX_JSON_DEPTH = 100;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number;
}

/**
 * The first problem in a JSON document, with its path: a value nested deeper than `maxDepth`,
 * or a string (value or key) that `badString` rejects. Iterative, so it is safe on any input;
 * a path is only built for the one value reported, so the walk stays cheap on large workflows.
 */
export function findInJson(
  value: unknown,
  options: { maxDepth?: number; badString?: (text: string) => string | null } = {},
): { path: string; problem: string } | null {
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const badString = options.badString;
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const current = frame.value;
    if (typeof current === 'string') {
      const problem = badString?.(current);
      if (problem) return { path: pathOf(frame), problem };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (frame.depth >= maxDepth) return { path: pathOf(frame), problem: `is nested deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push({ value: current[i], depth: frame.depth + 1, parent: frame, key: i });
    } else {
      for (const key in current) {
        const problem = badString?.(key);
        const child: Frame = { value: (current as Record<string, unknown>)[key], depth: frame.depth + 1, parent: frame, key };
        if (problem) return { path: pathOf(child), problem: `has a key that ${problem.replace(/^is |^has /, '')}` };
        stack.push(child);
      }
    }
  }
  return null;
}

/**
 * The path of the first value nested deeper than `maxDepth`, or null. Runs on every analysis,
 * so the common case is a lean pass over containers only (two parallel stacks, no per-value
 * allocation); the path is worked out by a second pass only when there is one to report.
 */
export function findTooDeep(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const values: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) (values.push(value), depths.push(0));
  while (values.length > 0) {
    const current = values.pop()!;
    const depth = depths.pop()!;
    if (depth >= maxDepth) return findInJson(value, { maxDepth })?.path ?? '(root)';
    const children = Array.isArray(current) ? current : Object.values(current);
    for (let i = 0; i < children.length; i++) {
      const child: unknown = children[i];
      if (typeof child === 'object' && child !== null) (values.push(child), depths.push(depth + 1));
    }
  }
  return null;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | null = frame; f?.parent; f = f.parent) keys.push(f.key);
  const path = keys
    .reverse()
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`))
    .join('');
  return path.length > 80 ? `${path.slice(0, 60)}…` : path || '(root)';
}
