import { visit } from 'jsonc-parser';

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
    // One pass of jsonc-parser's visitor (no tree: the file is only scanned), following just the
    // top-level "nodes" array and each node's own "name" and "id".
    let depth = 0; // containers open before the current token
    let rootKey: string | undefined;
    let inNodes = false;
    let nodeKey: string | undefined;
    let nodeOffset = 0;
    let firstError: number | undefined;
    visit(
      text,
      {
        onObjectBegin: (offset) => {
          if (depth === 2 && inNodes) nodeOffset = offset;
          depth += 1;
        },
        onObjectEnd: () => void (depth -= 1),
        onArrayBegin: () => {
          if (depth === 1 && rootKey === 'nodes') inNodes = true;
          depth += 1;
        },
        onArrayEnd: () => {
          depth -= 1;
          if (depth === 1) inNodes = false;
        },
        onObjectProperty: (property) => {
          if (depth === 1) rootKey = property;
          else if (depth === 3 && inNodes) nodeKey = property;
        },
        onLiteralValue: (value) => {
          if (depth !== 3 || !inNodes || typeof value !== 'string') return;
          // The first node of a name wins, as in the analyzer (a duplicate name is its own finding).
          if (nodeKey === 'name' && !this.byName.has(value)) this.byName.set(value, nodeOffset);
          else if (nodeKey === 'id' && value !== '' && !this.byId.has(value)) this.byId.set(value, nodeOffset);
        },
        onError: (_error, offset) => void (firstError ??= offset),
      },
      { disallowComments: true, allowTrailingComma: false },
    );
    this.firstError = firstError;
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
