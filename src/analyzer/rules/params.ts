/**
 * Walking node parameters. n8n parameters are arbitrary JSON (collections, fixed collections,
 * resource locators, lists of `{name, value}` pairs), sometimes deeply nested and, in a hostile
 * file, cyclic-looking or absurdly deep. Every rule that looks inside parameters goes through this
 * walker: iterative (no stack overflow), bounded in depth, and visiting each value once, so a
 * rule stays linear in the size of the parameters.
 */

/** Deeper than any real n8n node (they nest 5–6 levels); stops pathological input. */
export const MAX_PARAMETER_DEPTH = 32;

type Container = Record<string, unknown> | unknown[];

/** A path segment chain, turned into text only when a finding needs it. */
interface PathLink {
  parent: PathLink | null;
  segment: string | number;
}

export interface ParameterEntry {
  /** Key in the containing object, or index in the containing array. */
  key: string | number;
  value: unknown;
  /** The object or array that holds this entry. */
  owner: Container;
  /** Dotted path from the parameters root, e.g. `headerParameters.parameters[0].value`. */
  path(): string;
}

/**
 * One entry of the walk. A class, so that `path()` is a shared method rather than a closure per
 * value: the walk visits every value of a 10,000-node workflow for several rules.
 */
class Entry implements ParameterEntry {
  constructor(
    readonly key: string | number,
    readonly value: unknown,
    readonly owner: Container,
    private readonly parent: PathLink | null,
  ) {}

  path(): string {
    return renderPath({ parent: this.parent, segment: this.key });
  }
}

/** Every (key, value) in the parameters, depth-first, containers before their children. */
export function* walkParameters(
  root: unknown,
  maxDepth: number = MAX_PARAMETER_DEPTH,
): Generator<ParameterEntry> {
  if (!isContainer(root)) return;
  const stack: Array<{ container: Container; link: PathLink | null; depth: number }> = [
    { container: root, link: null, depth: 0 },
  ];
  while (stack.length > 0) {
    const { container, link, depth } = stack.pop()!;
    const descend = depth + 1 < maxDepth;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const value: unknown = container[index];
        yield new Entry(index, value, container, link);
        if (descend && isContainer(value)) stack.push({ container: value, link: { parent: link, segment: index }, depth: depth + 1 });
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const value = container[key];
      yield new Entry(key, value, container, link);
      if (descend && isContainer(value)) stack.push({ container: value, link: { parent: link, segment: key }, depth: depth + 1 });
    }
  }
}

/** Only the string values, with where they are. */
export function* stringParameters(root: unknown): Generator<ParameterEntry & { value: string }> {
  for (const entry of walkParameters(root)) {
    if (typeof entry.value === 'string') yield entry as ParameterEntry & { value: string };
  }
}

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function renderPath(link: PathLink): string {
  const segments: Array<string | number> = [];
  for (let at: PathLink | null = link; at; at = at.parent) segments.push(at.segment);
  segments.reverse();
  let text = '';
  for (const segment of segments) {
    text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text;
}

/**
 * n8n evaluates a parameter that starts with `=` as an expression; `{{ … }}` inside it is code
 * that reads data at run time. Some hand-written files omit the `=`.
 */
export function isExpression(value: string): boolean {
  return value.startsWith('=') || value.includes('{{');
}

/**
 * The literal text of a parameter: without the leading `=` and with every `{{ … }}` block
 * removed, so that what an expression computes at run time is never mistaken for a literal.
 */
export function literalText(value: string): string {
  const text = value.startsWith('=') ? value.slice(1) : value;
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{[\s\S]*?\}\}/g, ' ');
}

/** A value shown in a finding without revealing it: first 4 characters and an ellipsis. */
export function mask(value: string): string {
  return `${value.slice(0, 4)}…`;
}

/** The parameters of Code (JS/Python), Function, FunctionItem and Code Tool nodes that hold source. */
export const CODE_PARAMETER_NAMES = ['jsCode', 'functionCode', 'pythonCode'] as const;

/** Source code held by a node's code parameters (empty string when none). */
export function codeOf(parameters: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of CODE_PARAMETER_NAMES) {
    const value = parameters[name];
    if (typeof value === 'string') parts.push(value);
  }
  return parts.join('\n');
}
