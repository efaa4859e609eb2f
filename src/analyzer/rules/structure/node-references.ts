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

export function referencedNodeNames(text: string): string[] {
  if (!text.includes('$')) return [];
  const names: string[] = [];
  for (const [marker, pattern] of PATTERNS) {
    if (!text.includes(marker)) continue;
    for (const match of text.matchAll(pattern)) {
      const raw = match[2]!;
      if (match[1] === '`' && raw.includes('${')) continue; // computed name: cannot check
      names.push(raw.replace(/\\(.)/g, '$1'));
    }
  }
  return names;
}
