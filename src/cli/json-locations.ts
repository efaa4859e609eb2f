import { parseTree, type Node, type ParseError } from 'jsonc-parser';

/** A 1-based line and column (UTF-16 code units, SARIF's default column kind). */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Where things are in a workflow file's text, for findings that point into it (`--sarif`).
 * jsonc-parser keeps each value's offset, which JSON.parse throws away; a well-kept parser
 * rather than a hand-written scanner, since names may hold escapes and duplicates.
 */
export class WorkflowLocator {
  private readonly lineStarts: number[] = [0];
  private readonly byName = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  /** Where parsing failed (invalid JSON), else undefined. */
  readonly firstError: number | undefined;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    const errors: ParseError[] = [];
    const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    this.firstError = errors[0]?.offset;
    const nodes = root?.type === 'object' ? property(root, 'nodes') : undefined;
    if (nodes?.type !== 'array') return;
    for (const node of nodes.children ?? []) {
      if (node.type !== 'object') continue;
      // The first node of a name wins, as in the analyzer (a duplicate name is its own finding).
      const name = property(node, 'name');
      if (name?.type === 'string' && !this.byName.has(name.value)) this.byName.set(name.value, node.offset);
      const id = property(node, 'id');
      if (id?.type === 'string' && id.value !== '' && !this.byId.has(id.value)) this.byId.set(id.value, node.offset);
    }
  }

  /** The start of a node's object by id or name; the parse error or the file's start otherwise. */
  locate(nodeId: string | null, nodeName: string | null): TextPosition {
    const offset =
      (nodeId ? this.byId.get(nodeId) : undefined) ?? (nodeName !== null ? this.byName.get(nodeName) : undefined) ?? this.firstError ?? 0;
    return this.position(offset);
  }

  position(offset: number): TextPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low]! + 1 };
  }
}

function property(object: Node, key: string): Node | undefined {
  for (const child of object.children ?? []) {
    const [name, value] = child.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}
