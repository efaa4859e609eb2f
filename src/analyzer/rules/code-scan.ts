/**
 * Which characters of a piece of JavaScript are code, as opposed to the inside of a string
 * literal or a comment. Rules that look for calls (`$('Node')`) in Code nodes must not read a
 * string that merely contains such text — a Code node that builds another workflow's JSON, a
 * prompt, an HTML snippet with jQuery.
 *
 * A small linear scanner, not a parser: it knows quotes, escapes, template literals with nested
 * `${ … }` code, and comments. A regular expression literal is read as code (telling `/` apart
 * from division needs a parser); a quote inside one can mislead the scan for the rest of its
 * line at worst, since string literals other than template literals end at a newline.
 */
export function codeMask(source: string): Uint8Array {
  const isCode = new Uint8Array(source.length);
  // Each entry is a template literal we are inside; its number is the `{` depth of the `${`
  // code that opened a nested template, so `}` at that depth returns to the template text.
  const templates: number[] = [];
  let braceDepth = 0;
  let i = 0;
  let inTemplateText = false;
  while (i < source.length) {
    const c = source[i]!;
    if (inTemplateText) {
      if (c === '\\') i += 2;
      else if (c === '`') {
        templates.pop();
        inTemplateText = false;
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        inTemplateText = false;
        braceDepth++;
        templates[templates.length - 1] = braceDepth;
        i += 2;
      } else i++;
      continue;
    }
    if (c === '"' || c === "'") {
      i = skipQuoted(source, i, c);
      continue;
    }
    if (c === '`') {
      templates.push(-1);
      inTemplateText = true;
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? source.length : end + 2;
      continue;
    }
    if (c === '#' && (i === 0 || source[i - 1] === '\n')) {
      // A Python comment line (the Code node's Python mode): skip to the end of the line.
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
      continue;
    }
    if (c === '{') braceDepth++;
    else if (c === '}') {
      if (templates.length > 0 && templates[templates.length - 1] === braceDepth) {
        braceDepth--;
        inTemplateText = true;
        i++;
        continue;
      }
      braceDepth--;
    }
    isCode[i] = 1;
    i++;
  }
  return isCode;
}

/** Index just past a '…' or "…" literal starting at `start` (it also ends at a newline). */
function skipQuoted(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
    else i++;
  }
  return i;
}
