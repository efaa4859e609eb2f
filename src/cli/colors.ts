/**
 * Terminal colours for the CLI's human output. Decided once per run by `wantsColor` (a terminal,
 * and the user has not set NO_COLOR — https://no-color.org), then applied with plain ANSI codes:
 * util.styleText would re-decide per call from process.stdout, which differs between Node 20 and
 * 22 and ignores the stream we actually write to.
 */
const CODES = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  bold: [1, 22],
  dim: [2, 22],
} as const;

export type Style = keyof typeof CODES;
export type Paint = (style: Style, text: string) => string;

export const noColor: Paint = (_style, text) => text;
export const ansiColor: Paint = (style, text) => `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m`;

/** Colour on a terminal only; NO_COLOR (any non-empty value) turns it off, TERM=dumb too (hasColors). */
export function wantsColor(stream: { isTTY?: boolean; hasColors?: (env?: object) => boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && (stream.hasColors?.(env) ?? true);
}
