import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getRuleCatalog, RULESET_VERSION, type WorkflowFormat } from '../analyzer/index.js';
import type { FileJob, FileJobOptions, FileOutcome, OutputMode } from './analyze-file.js';
import { analyzeAll } from './analyze-pool.js';
import { ansiColor, noColor, type Paint } from './colors.js';
import { DEFAULT_MAX_FILE_BYTES } from './read-workflow-file.js';
import { renderReport, renderTableHeader, renderTableRow, renderTotals, RunTotals, type Verdict } from './report-text.js';
import { sarifLog, type SarifNotification, type SarifResult } from './sarif.js';
import { collectWorkflowFiles, MissingPathError } from './workflow-files.js';

export interface AnalyzeIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  isTTY: boolean;
  /** Colour the human output (stdout is a terminal and NO_COLOR is not set; see colors.ts). */
  color?: boolean;
  /** Paths are printed relative to this folder (default: the process's). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export const ANALYZE_USAGE = `Usage: workflow-health analyze <files or folders…> [options]

Analyses n8n or native workflow files (folders are searched for *.json) and prints their health.

Options:
  --format n8n|native   input format (default: detected per file)
  --json                print one JSON array: [{ file, report } | { file, error }]
  --jsonl               print one JSON object per line, { file, report } or { file, error }
  --sarif               print a SARIF 2.1.0 log for code-scanning tools
  --min-score N         exit 1 when a workflow scores under N (0–100)
  --allow-invalid       do not fail on files that are not workflows (invalid JSON, no nodes)
  --sort score          list the worst first (default: input order, streamed as files finish)
  --rules a,b,…         run only these rule ids
  --concurrency N       worker threads (default: the number of cores)
  --max-bytes N         skip larger files as unreadable (default: MAX_BODY_BYTES or 2097152)
  -h, --help            show this help

Exit codes: 0 ok; 1 a file is not a workflow (unless --allow-invalid), a workflow scored under
--min-score, or a file could not be read; 2 usage error (unknown option, bad number, missing
path, unknown rule id). Only regular files are read: FIFOs, devices and sockets are skipped
with a message on stderr.`;

type OutputFormat = 'text' | 'json' | 'jsonl' | 'sarif';

interface AnalyzeArgs {
  paths: string[];
  output: OutputFormat;
  format?: WorkflowFormat;
  minScore?: number;
  allowInvalid: boolean;
  sortByScore: boolean;
  rules?: string[];
  concurrency: number;
  maxBytes: number;
}

class UsageError extends Error {}

/** `analyze …`: the CLI linter. Returns the exit code; never calls process.exit itself. */
export async function runAnalyze(argv: string[], io: AnalyzeIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let args: AnalyzeArgs | 'help';
  let collected: Awaited<ReturnType<typeof collectWorkflowFiles>>;
  try {
    args = parseAnalyzeArgs(argv, io.env ?? process.env);
    if (args === 'help') {
      io.stdout.write(`${ANALYZE_USAGE}\n`);
      return 0;
    }
    collected = await collectWorkflowFiles(args.paths);
    for (const { file, reason } of collected.skipped) io.stderr.write(`workflow-health analyze: skipped ${displayPath(cwd, file)}: ${reason}\n`);
    if (collected.files.length === 0) {
      throw new UsageError(`no ${collected.skipped.length > 0 ? 'readable ' : ''}.json files found in ${args.paths.join(', ')}`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof MissingPathError) {
      io.stderr.write(`workflow-health analyze: ${error.message}\n\n${ANALYZE_USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const jobs: FileJob[] = collected.files.map((file, index) => ({ index, path: file, file: displayPath(cwd, file) }));
  const verdict: Verdict = { minScore: args.minScore, allowInvalid: args.allowInvalid };
  const totals = new RunTotals(verdict);
  totals.skipped += collected.skipped.length;
  const paint: Paint = io.color === true && args.output === 'text' ? ansiColor : noColor;
  const mode: OutputMode =
    args.output === 'sarif' ? 'sarif' : args.output !== 'text' ? 'json' : jobs.length === 1 && !args.sortByScore ? 'report' : 'table';
  const printer = createPrinter(args, mode, verdict, paint, io);
  const progress = io.isTTY && mode === 'table' && jobs.length > 1 ? createProgressBar(io.stderr, jobs.length) : undefined;

  const options: FileJobOptions = { mode, format: args.format, rules: args.rules, maxBytes: args.maxBytes };
  await analyzeAll(jobs, options, args.concurrency, {
    each(outcome) {
      progress?.tick(outcome.file);
    },
    ordered(outcomes) {
      for (const outcome of outcomes) {
        totals.add(outcome);
        if (outcome.status === 'skipped') io.stderr.write(`workflow-health analyze: skipped ${outcome.file}: ${outcome.message}\n`);
      }
      const text = printer.add(outcomes);
      if (text === '') return;
      progress?.clear();
      io.stdout.write(text);
      progress?.redraw();
    },
  });
  progress?.clear();
  io.stdout.write(printer.end(totals));
  return totals.failing > 0 ? 1 : 0;
}

/** A path as printed: relative to the current folder (absolute only when given outside it). */
function displayPath(cwd: string, file: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  return relative === '' ? '.' : relative.startsWith(`..${path.sep}`) && path.isAbsolute(file) ? absolute : relative;
}

interface Printer {
  /** Text for these outcomes (in input order), written at once; '' while the output is buffered. */
  add(outcomes: FileOutcome[]): string;
  end(totals: RunTotals): string;
}

/** Worst first: unreadable files, then by score; ties keep input order. */
function byScore(a: FileOutcome, b: FileOutcome): number {
  const score = (o: FileOutcome) => (o.status === 'analysed' ? o.summary.score : -1);
  return score(a) - score(b) || a.index - b.index;
}

function createPrinter(args: AnalyzeArgs, mode: OutputMode, verdict: Verdict, paint: Paint, io: AnalyzeIO): Printer {
  const buffered: FileOutcome[] = [];
  const sorting = args.sortByScore;

  if (args.output === 'json' || args.output === 'jsonl') {
    const lines = args.output === 'jsonl';
    let count = 0;
    const render = (outcomes: FileOutcome[]) => {
      let text = '';
      for (const outcome of outcomes) {
        if (outcome.status === 'skipped' || outcome.json === undefined) continue;
        text += lines ? `${outcome.json}\n` : `${count === 0 ? '[\n' : ',\n'}${outcome.json}`;
        count += 1;
      }
      return text;
    };
    return {
      add: (outcomes) => (sorting ? (buffered.push(...outcomes), '') : render(outcomes)),
      end() {
        const rest = sorting ? render(buffered.sort(byScore)) : '';
        return lines ? rest : `${rest}${count === 0 ? '[]' : '\n]'}\n`;
      },
    };
  }

  if (args.output === 'sarif') {
    return {
      add: (outcomes) => (buffered.push(...outcomes), ''),
      end() {
        const results: SarifResult[] = [];
        const notifications: SarifNotification[] = [];
        for (const outcome of buffered) {
          if (outcome.status === 'analysed') results.push(...(outcome.sarif ?? []));
          else if (outcome.status === 'error') notifications.push({ file: outcome.file, message: outcome.message });
        }
        const log = sarifLog({ toolVersion: RULESET_VERSION, rules: getRuleCatalog().rules, results, notifications, cwd: io.cwd ?? process.cwd() });
        return `${JSON.stringify(log, null, 2)}\n`;
      },
    };
  }

  if (mode === 'report') {
    return {
      add(outcomes) {
        let text = '';
        for (const outcome of outcomes) {
          if (outcome.status === 'analysed' && outcome.report) text += renderReport(outcome.file, outcome.report, verdict, paint);
          else if (outcome.status === 'error') text += renderTableHeader(paint) + renderTableRow(outcome, verdict, paint);
        }
        return text;
      },
      end: () => '',
    };
  }

  let headerWritten = false;
  const rows = (outcomes: FileOutcome[]) => {
    let text = headerWritten ? '' : renderTableHeader(paint);
    headerWritten = true;
    for (const outcome of outcomes) text += renderTableRow(outcome, verdict, paint);
    return text;
  };
  return {
    add: (outcomes) => (sorting ? (buffered.push(...outcomes), '') : rows(outcomes)),
    end: (totals) => (sorting ? rows(buffered.sort(byScore)) : headerWritten ? '' : rows([])) + renderTotals(totals, verdict, paint),
  };
}

function parseAnalyzeArgs(argv: string[], env: NodeJS.ProcessEnv): AnalyzeArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        sarif: { type: 'boolean', default: false },
        'min-score': { type: 'string' },
        'allow-invalid': { type: 'boolean', default: false },
        sort: { type: 'string' },
        rules: { type: 'string' },
        concurrency: { type: 'string' },
        'max-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give at least one file or folder');

  const outputs = (['json', 'jsonl', 'sarif'] as const).filter((o) => values[o] === true);
  if (outputs.length > 1) throw new UsageError(`choose one of ${outputs.map((o) => `--${o}`).join(', ')}`);
  const args: AnalyzeArgs = {
    paths: positionals,
    output: outputs[0] ?? 'text',
    allowInvalid: values['allow-invalid'] === true,
    sortByScore: false,
    concurrency: availableParallelism(),
    maxBytes: DEFAULT_MAX_FILE_BYTES,
  };
  if (values.format !== undefined) {
    const format = values.format.toUpperCase();
    if (format !== 'N8N' && format !== 'NATIVE') throw new UsageError(`--format must be n8n or native, not "${values.format}"`);
    args.format = format;
  }
  if (values['min-score'] !== undefined) {
    const text = values['min-score'].trim();
    const minScore = Number(text);
    if (text === '' || !Number.isFinite(minScore) || minScore < 0 || minScore > 100) {
      throw new UsageError(`--min-score must be a number from 0 to 100, not "${values['min-score']}"`);
    }
    args.minScore = minScore;
  }
  if (values.sort !== undefined) {
    if (values.sort !== 'score' && values.sort !== 'input') throw new UsageError(`--sort must be score or input, not "${values.sort}"`);
    args.sortByScore = values.sort === 'score';
  }
  if (values.concurrency !== undefined) args.concurrency = positiveInteger('--concurrency', values.concurrency, 1024);
  if (values['max-bytes'] !== undefined) args.maxBytes = positiveInteger('--max-bytes', values['max-bytes']);
  else if (env.MAX_BODY_BYTES !== undefined && env.MAX_BODY_BYTES !== '') args.maxBytes = positiveInteger('MAX_BODY_BYTES', env.MAX_BODY_BYTES);
  if (values.rules !== undefined) {
    const ids = values.rules.split(',').map((id) => id.trim()).filter((id) => id !== '');
    if (ids.length === 0) throw new UsageError('--rules needs at least one rule id');
    const known = new Set(getRuleCatalog().rules.map((r) => r.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UsageError(`unknown rule id(s): ${unknown.join(', ')}`);
    args.rules = ids;
  }
  return args;
}

function positiveInteger(name: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new UsageError(`${name} must be a whole number from 1 to ${max}, not "${text}"`);
  }
  return value;
}

/**
 * node:util's parseArgs messages quote oddly for a terminal (`'-- "--colour"` leaves a quote
 * open): say the same in our own words, naming the option as typed.
 */
function parseArgsMessage(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const option = /'(-[^']*)'/.exec(e.message ?? '')?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `unknown option ${option} (a file whose name starts with "-" goes after "--", as in: analyze -- ${option})`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option.split(' ')[0]} needs a value`;
  return e.message ?? String(error);
}

/** A one-line bar redrawn in place on a terminal, at most every 50 ms; cleared while rows are printed. */
function createProgressBar(stream: AnalyzeIO['stderr'], total: number) {
  const width = 30;
  let done = 0;
  let lastDraw = 0;
  let label = '';
  const draw = () => {
    const filled = Math.round((done / total) * width);
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`);
  };
  return {
    tick(file: string) {
      done += 1;
      label = file;
      const now = Date.now();
      if (now - lastDraw >= 50 || done === total) {
        lastDraw = now;
        draw();
      }
    },
    redraw() {
      if (done > 0 && done < total) draw();
    },
    clear() {
      stream.write('\r\x1b[K');
    },
  };
}
