/**
 * The shape of n8n expressions in a parameter value. n8n evaluates a value that starts with `=`
 * (expression mode): every `{{ … }}` in it is JavaScript, the rest is literal text. A value
 * without the `=` is sent as written, `{{ }}` and all.
 */

export type ExpressionProblem =
  /** A `{{` whose `}}` never comes: n8n cannot parse the expression and the node fails. */
  | 'unterminated'
  /** More `}}` in the literal text than anything opened: a typo, shown to the reader as is. */
  | 'stray-close'
  /** `{{ $json… }}` in a field without the `=`: never evaluated, the braces are sent as text. */
  | 'not-evaluated';

/** n8n's expression variables: `{{ }}` that mentions one was meant to be evaluated. */
const N8N_EXPRESSION = /\$(?:json|node|input|items?|now|today|env|vars|execution|workflow|binary|prevNode|runIndex|itemIndex|parameter|secrets)\b|\$\(\s*['"`]/;

/** Parameters whose `{{ }}` the node resolves itself (n8n's getResolvables), `=` or not. */
export function isSelfResolvedParameter(key: string | number): boolean {
  return key === 'html';
}

/**
 * `alwaysEvaluated`: the node resolves `{{ }}` in this value itself, `=` or not (the HTML node's
 * and the Form's `html` fields, n8n's getResolvables).
 */
export function expressionProblem(value: string, alwaysEvaluated = false): ExpressionProblem | null {
  if (!value.includes('{{') && !value.includes('}}')) return null;
  if (alwaysEvaluated && !value.startsWith('=')) return scanExpressionMode(value, 0);
  // AI tool nodes read `{{ $fromAI(…) }}` placeholders themselves.
  if (value.includes('$fromAI')) return null;
  if (!value.startsWith('=')) {
    // Only when the braces hold an n8n expression: `{{name}}` is a mail or Handlebars template.
    const open = value.indexOf('{{');
    return open !== -1 && N8N_EXPRESSION.test(value.slice(open)) ? 'not-evaluated' : null;
  }
  return scanExpressionMode(value, 1);
}

/**
 * Walks literal text and `{{ … }}` blocks. Inside a block, braces and string literals of the
 * JavaScript are followed, so `{{ { a: { b: 1 } } }}` closes where n8n closes it; in the literal
 * text single braces are counted, so JSON bodies (`={"a":{"id":{{ $json.id }}}}`) balance.
 */
function scanExpressionMode(text: string, start: number): ExpressionProblem | null {
  let literalOpen = 0;
  let literalClose = 0;
  let literalDoubleClose = false;
  let i = start;
  while (i < text.length) {
    if (text[i] === '{' && text[i + 1] === '{') {
      // The JavaScript-aware end first; when it finds none (a quote inside a regular expression
      // literal misleads it), the first `}}` after the block, as n8n's own splitter would.
      // Unterminated means no `}}` at all: a finding that must not depend on a heuristic.
      let end = endOfBlock(text, i + 2);
      if (end === -1) end = text.indexOf('}}', i + 2);
      if (end === -1) return 'unterminated';
      i = end + 2;
      continue;
    }
    if (text[i] === '{') literalOpen++;
    else if (text[i] === '}') {
      literalClose++;
      if (text[i + 1] === '}') literalDoubleClose = true;
    }
    i++;
  }
  return literalDoubleClose && literalClose - literalOpen >= 2 ? 'stray-close' : null;
}

/** Index of the `}}` that closes a block whose code starts at `from`, or -1. */
function endOfBlock(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(text, i, c);
      if (i === -1) return -1;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
    i++;
  }
  return -1;
}

/** Index just past the string literal opened at `start`, or -1 when it never closes. */
function endOfString(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else i++;
  }
  return -1;
}
