import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { analyze, getRuleCatalog, type WorkflowFormat } from '../analyzer/index.js';
import { renderReport, renderSummary, type FileResult } from './report-text.js';
import { collectWorkflowFiles, MissingPathError } from './workflow-files.js';

export interface AnalyzeIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Whether stderr is a terminal: the progress bar is drawn only then. */
  isTTY: boolean;
}

export const ANALYZE_USAGE = `Usage: workflow-health analyze <files or folders…> [options]

Analyses n8n or native workflow files (folders are searched for *.json) and prints their health.

Options:
  --format n8n|native   input format (default: detected per file)
  --json                print one JSON document: [{ file, report } | { file, error }]
  --min-score N         exit 1 when a workflow scores under N (0–100)
  --rules a,b,…         run only these rule ids
  -h, --help            show this help

Exit codes: 0 ok; 1 a workflow scored under --min-score or a file could not be read;
2 usage error (unknown option, bad number, missing path, unknown rule id).`;

interface AnalyzeArgs {
  paths: string[];
  format?: WorkflowFormat;
  json: boolean;
  minScore?: number;
  rules?: string[];
}

class UsageError extends Error {}

/** `analyze …`: the CLI linter. Returns the exit code; never calls process.exit itself. */
export async function runAnalyze(argv: string[], io: AnalyzeIO): Promise<number> {
  let args: AnalyzeArgs | 'help';
  let files: string[];
  try {
    args = parseAnalyzeArgs(argv);
    if (args === 'help') {
      io.stdout.write(`${ANALYZE_USAGE}\n`);
      return 0;
    }
    files = await collectWorkflowFiles(args.paths);
    if (files.length === 0) throw new UsageError(`no .json files found in ${args.paths.join(', ')}`);
  } catch (error) {
    if (error instanceof UsageError || error instanceof MissingPathError) {
      io.stderr.write(`workflow-health analyze: ${error.message}\n\n${ANALYZE_USAGE}\n`);
      return 2;
    }
    throw error;
  }

  const progress = io.isTTY && !args.json && files.length > 1 ? createProgressBar(io.stderr, files.length) : undefined;
  const results: FileResult[] = [];
  for (const file of files) {
    results.push(await analyzeFile(file, args));
    progress?.tick(file);
  }
  progress?.done();

  if (args.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (results.length === 1 && 'report' in results[0]!) io.stdout.write(renderReport(results[0].file, results[0].report));
  else io.stdout.write(renderSummary(results, args.minScore));

  const unreadable = results.some((r) => 'error' in r);
  const minScore = args.minScore;
  const underMin = minScore !== undefined && results.some((r) => 'report' in r && r.report.score.overall < minScore);
  return unreadable || underMin ? 1 : 0;
}

async function analyzeFile(file: string, args: AnalyzeArgs): Promise<FileResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, error: error instanceof Error ? error.message : String(error) };
  }
  // analyze() never throws on bad input: a file that is not a workflow gets a report saying so.
  return { file, report: analyze(text, { format: args.format, rules: args.rules }) };
}

function parseAnalyzeArgs(argv: string[]): AnalyzeArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        json: { type: 'boolean', default: false },
        'min-score': { type: 'string' },
        rules: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('give at least one file or folder');

  const args: AnalyzeArgs = { paths: positionals, json: values.json === true };
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

/** A one-line bar redrawn in place on a terminal, at most every 50 ms. */
function createProgressBar(stream: AnalyzeIO['stderr'], total: number) {
  const width = 30;
  let done = 0;
  let lastDraw = 0;
  const draw = (label: string) => {
    const filled = Math.round((done / total) * width);
    const name = label.length > 40 ? `…${label.slice(-39)}` : label;
    stream.write(`\r\x1b[K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${name}`);
  };
  return {
    tick(file: string) {
      done += 1;
      const now = Date.now();
      if (now - lastDraw >= 50 || done === total) {
        lastDraw = now;
        draw(file);
      }
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
