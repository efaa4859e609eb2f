/**
 * Node names referenced from expressions and code: `$('Name')` / `$("Name")` followed by an n8n
 * accessor (`.item`, `.first()`, `.all()`, `.json`…, which tells it from a jQuery `$('#id')` in
 * HTML), `$node["Name"]`, `$node.Name` and `$items("Name")`. Each pattern comes with a cheap
 * substring that must be present for it to match at all, so most strings cost one `includes`.
 */
const PATTERNS: readonly (readonly [marker: string, pattern: RegExp])[] = [
  ['$(', /\$\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*\)\s*\??\.\s*(?:item|first|last|all|json|binary|params|context|itemMatching|isExecuted|pairedItem)\b/g],
  ['$node', /\$node\s*\[\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1\s*\]/g],
  ['$node.', /\$node\.()([A-Za-z_][\w$]*)/g],
  ['$items(', /\$items\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g],
];

/**
 * Node names referenced in JavaScript (an expression's content or a Code node's source). With
 * `codeMaskOf` (codeMask), a reference that starts inside a string literal or a comment is not
 * one: it is text the code handles, not a call it makes.
 */
export function referencedNodeNames(text: string, codeMaskOf?: (text: string) => Uint8Array): string[] {
  if (!text.includes('$')) return [];
  const names: string[] = [];
  let isCode: Uint8Array | undefined;
  for (const [marker, pattern] of PATTERNS) {
    if (!text.includes(marker)) continue;
    for (const match of text.matchAll(pattern)) {
      // The mask costs a pass over the text: computed only once a reference is found.
      if (codeMaskOf && !(isCode ??= codeMaskOf(text))[match.index]) continue;
      const raw = match[2]!;
      if (match[1] === '`' && raw.includes('${')) continue; // computed name: cannot check
      names.push(raw.replace(/\\(.)/g, '$1'));
    }
  }
  return names;
}

/**
 * The JavaScript n8n evaluates in a parameter: the content of each `{{ … }}` block, and only
 * when the value starts with `=` (expression mode). Anything else is literal text: an HTML body
 * with jQuery's `$('title')`, or `{{ }}` in a field without the `=` (structure/broken-expression
 * reports that one). `alwaysEvaluated`: a field the node resolves itself (the HTML node's `html`).
 */
export function expressionBlocks(value: string, alwaysEvaluated = false): string[] {
  if ((!alwaysEvaluated && !value.startsWith('=')) || !value.includes('{{')) return [];
  const blocks: string[] = [];
  let at = value.indexOf('{{');
  while (at !== -1) {
    const end = value.indexOf('}}', at + 2);
    if (end === -1) break; // unterminated: structure/broken-expression reports it
    blocks.push(value.slice(at + 2, end));
    at = value.indexOf('{{', end + 2);
  }
  return blocks;
}
