import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAnalyze } from '../../src/cli/analyze.js';
import { wantsColor } from '../../src/cli/colors.js';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { connections, n8nWorkflow, node } from './helpers.js';

const corpusDir = path.resolve(REPO_ROOT, 'tests/fixtures/corpus/n8n/workflows');
const corpusCount = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).length;
/** The corpus holds one broken export (keys wrapped in quotes): not a workflow. */
const brokenExport = 'Export__1597_Export.json';
const cli = (...args: string[]) => runCli(args);

let fixtures: string;
let good: string;
let native: string;
let invalidJson: string;
let noNodes: string;

beforeAll(() => {
  fixtures = mkdtempSync(path.join(tmpdir(), 'wh-cli-'));
  good = path.join(fixtures, 'nightly-sync.json');
  writeFileSync(
    good,
    JSON.stringify(
      n8nWorkflow({
        name: 'Nightly sync',
        nodes: [node('Every night', 'scheduleTrigger'), node('Fetch orders', 'httpRequest', { parameters: { url: 'https://shop.example/orders' } })],
        connections: connections(['Every night', 'Fetch orders']),
      }),
    ),
  );
  native = path.join(fixtures, 'native.json');
  writeFileSync(
    native,
    JSON.stringify({
      format: 'native',
      version: 1,
      name: 'Native flow',
      nodes: [{ id: 'a', name: 'Start', kind: 'TRIGGER' }, { id: 'b', name: 'Send', kind: 'ACTION' }],
      edges: [{ from: 'a', to: 'b' }],
    }),
  );
  invalidJson = path.join(fixtures, 'truncated.json');
  writeFileSync(invalidJson, '{"name": "Cut short", "nodes": [');
  noNodes = path.join(fixtures, 'package.json');
  writeFileSync(noNodes, JSON.stringify({ name: 'not-a-workflow', version: '1.0.0' }));
});

describe('workflow-health analyze', () => {
  it('prints a summary table for the corpus folder, marks the broken export FAIL and exits 1 for it', async () => {
    const { code, stdout, stderr } = await cli('analyze', corpusDir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\s*SCORE\s+GRADE\s+CRIT\s+HIGH\s+MED\s+LOW\s+INFO\s+FILE/);
    expect(stdout).toContain(`${corpusCount} workflows: A `);
    const failing = stdout.split('\n').filter((line) => line.startsWith('FAIL'));
    expect(failing).toHaveLength(1);
    expect(failing[0]).toContain(`${brokenExport}  (not a workflow: `);
    expect(stdout).toContain('1 file not a workflow (exit 1; --allow-invalid skips such files)');
    expect(stderr).toBe('');
  });

  it('prints paths relative to the current folder', async () => {
    const { stdout } = await cli('analyze', corpusDir, '--allow-invalid');
    expect(stdout).toContain(`  tests/fixtures/corpus/n8n/workflows/${brokenExport}`);
    expect(stdout).not.toContain(REPO_ROOT);
  });

  it('exits 0 on the corpus with --allow-invalid, and leaves the invalid file out of the grades', async () => {
    const { code, stdout } = await cli('analyze', corpusDir, '--allow-invalid');
    expect(code).toBe(0);
    expect(stdout).toContain(`${corpusCount - 1} workflows: A `);
    expect(stdout).toContain('1 file not a workflow, skipped (--allow-invalid)');
    expect(stdout.split('\n').some((line) => line.startsWith('FAIL'))).toBe(false);
  });

  it('shows the most frequent rules under the table, most findings first', async () => {
    const { stdout } = await cli('analyze', corpusDir, '--allow-invalid');
    const section = stdout.slice(stdout.indexOf('Most frequent rules:'));
    const rows = [...section.matchAll(/^\s+(\d+) findings? in\s+(\d+) files?\s+(\S+)$/gm)];
    expect(rows).toHaveLength(5);
    const counts = rows.map((m) => Number(m[1]));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(rows.map((m) => m[3])).toContain('reliability/http-without-retry');
  });

  it('prints one JSON array with a report per file under --json, one object per line under --jsonl', async () => {
    const json = await cli('analyze', corpusDir, '--json');
    expect(json.code).toBe(1); // the broken export
    const results = JSON.parse(json.stdout) as { file: string; report: { score: { overall: number } } }[];
    expect(results).toHaveLength(corpusCount);
    expect(results.every((r) => typeof r.report.score.overall === 'number')).toBe(true);

    const jsonl = await cli('analyze', corpusDir, '--jsonl');
    const lines = jsonl.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(corpusCount);
    expect(lines.map((line) => JSON.parse(line))).toEqual(results);
  });

  it('exits 1 when a workflow scores under --min-score and marks those rows FAIL; 0 when none does', async () => {
    const under = await cli('analyze', corpusDir, '--allow-invalid', '--min-score', '60');
    expect(under.code).toBe(1);
    const failing = under.stdout.split('\n').filter((line) => line.startsWith('FAIL'));
    expect(failing.length).toBeGreaterThan(0);
    for (const row of failing) expect(Number(row.trim().split(/\s+/)[1])).toBeLessThan(60);
    expect(under.stdout).toContain(`${failing.length} workflows under --min-score 60`);
    expect((await cli('analyze', corpusDir, '--allow-invalid', '--min-score', '0')).code).toBe(0);
  });

  it('lists the worst first under --sort score', async () => {
    const { stdout } = await cli('analyze', corpusDir, '--sort', 'score', '--allow-invalid');
    const scores = stdout
      .split('\n')
      .slice(1)
      .map((line) => /^(?:FAIL|\s{4})\s+(\d+)\s+[A-F]\s/.exec(line)?.[1])
      .filter((s) => s !== undefined)
      .map(Number);
    expect(scores).toHaveLength(corpusCount);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(scores[0]).toBe(0);
  });

  it('exits 1 for a file that is not a workflow (invalid JSON, no nodes), 0 with --allow-invalid', async () => {
    for (const file of [invalidJson, noNodes]) {
      const { code, stdout } = await cli('analyze', file);
      expect(code).toBe(1);
      expect(stdout).toContain('structure/invalid-workflow');
      expect(stdout).toContain('FAIL: not a workflow');
      expect((await cli('analyze', file, '--allow-invalid')).code).toBe(0);
    }
    // One bad file among good ones still fails the run.
    expect((await cli('analyze', good, invalidJson)).code).toBe(1);
    expect((await cli('analyze', good, native)).code).toBe(0);
  });

  it('prints a readable report for one file: score, grade, findings by severity', async () => {
    const { code, stdout } = await cli('analyze', good);
    expect(code).toBe(0);
    expect(stdout).toContain('"Nightly sync"');
    expect(stdout).toMatch(/Score \d+\/100, grade [A-F]/);
    expect(stdout).toMatch(/^LOW \(\d+\)$/m);
    expect(stdout).toContain('reliability/http-without-retry: ');
    expect(stdout).not.toContain('\x1b['); // not a terminal: no colour
  });

  it('runs only the rules given with --rules', async () => {
    const { stdout } = await cli('analyze', corpusDir, '--json', '--rules', 'maintainability/default-node-name,structure/no-trigger');
    const ids = new Set((JSON.parse(stdout) as { report: { findings: { ruleId: string }[] } }[]).flatMap((r) => r.report.findings.map((f) => f.ruleId)));
    // The broken export in the corpus still says why it is not a workflow.
    expect([...ids].sort()).toEqual(['maintainability/default-node-name', 'structure/invalid-workflow', 'structure/no-trigger']);
  });

  it('reads the native format, detected or forced', async () => {
    const detected = JSON.parse((await cli('analyze', native, '--json')).stdout);
    expect(detected[0].report.format).toBe('NATIVE');
    const forced = await cli('analyze', good, '--format', 'native', '--json');
    expect(JSON.parse(forced.stdout)[0].report.findings[0].ruleId).toBe('structure/invalid-workflow');
  });

  it('names an unknown option plainly, with no stray quotes', async () => {
    const { code, stderr } = await cli('analyze', good, '--colour');
    expect(code).toBe(2);
    const firstLine = stderr.split('\n')[0]!;
    expect(firstLine).toBe('workflow-health analyze: unknown option --colour (a file whose name starts with "-" goes after "--", as in: analyze -- --colour)');
    expect(firstLine.split("'")).toHaveLength(1);
    expect(firstLine.split('"').length % 2).toBe(1); // double quotes come in pairs
  });

  it.each([
    ['an unknown option', ['analyze', 'x.json', '--colour']],
    ['a bad --min-score', ['analyze', 'x.json', '--min-score', 'high']],
    ['a --min-score over 100', ['analyze', 'x.json', '--min-score', '101']],
    ['a bad --format', ['analyze', 'x.json', '--format', 'zapier']],
    ['a bad --sort', ['analyze', 'x.json', '--sort', 'name']],
    ['a bad --concurrency', ['analyze', 'x.json', '--concurrency', '0']],
    ['a bad --max-bytes', ['analyze', 'x.json', '--max-bytes', '1.5']],
    ['two output formats', ['analyze', 'x.json', '--json', '--sarif']],
    ['an unknown rule id', ['analyze', 'x.json', '--rules', 'security/nope']],
    ['a missing path', ['analyze', path.join(tmpdir(), 'no-such-file-here.json')]],
    ['no path', ['analyze']],
    ['an unknown command', ['lint', 'x.json']],
  ])('exits 2 with usage on stderr for %s', async (_label, args) => {
    const { code, stdout, stderr } = await cli(...args.map((a) => (a === 'x.json' ? good : a)));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: workflow-health');
  });
});

describe('colour', () => {
  function capture() {
    let text = '';
    return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
  }

  it('is used on a terminal unless NO_COLOR is set (to anything but the empty string)', () => {
    const terminal = { isTTY: true, hasColors: () => true };
    expect(wantsColor(terminal, {})).toBe(true);
    expect(wantsColor(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(terminal, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({ isTTY: true, hasColors: () => false }, {})).toBe(false); // TERM=dumb
  });

  it('paints grades, severities and FAIL rows when asked, never the JSON', async () => {
    const [out, err] = [capture(), capture()];
    await runAnalyze([good, invalidJson, '--concurrency', '1'], { stdout: out.stream, stderr: err.stream, isTTY: false, color: true });
    expect(out.text()).toContain('\x1b[31mFAIL\x1b[39m');
    expect(out.text()).toMatch(/\x1b\[32m {4}[AB]\x1b\[39m/);

    const report = capture();
    await runAnalyze([good], { stdout: report.stream, stderr: capture().stream, isTTY: false, color: true });
    expect(report.text()).toMatch(/\x1b\[36mLOW \(\d+\)\x1b\[39m/);

    const json = capture();
    await runAnalyze([good, '--json'], { stdout: json.stream, stderr: capture().stream, isTTY: false, color: true });
    expect(json.text()).not.toContain('\x1b[');
  });
});

describe('progress bar', () => {
  function capture() {
    let text = '';
    return { stream: { write: (chunk: string) => (text += chunk) }, text: () => text };
  }

  it('is drawn on stderr when stderr is a terminal, and never with --json', async () => {
    const [out, err] = [capture(), capture()];
    await runAnalyze([corpusDir, '--concurrency', '1'], { stdout: out.stream, stderr: err.stream, isTTY: true });
    expect(err.text()).toContain(`] ${corpusCount}/${corpusCount} `);
    expect(out.text()).not.toContain('\r');

    const [jsonOut, jsonErr] = [capture(), capture()];
    await runAnalyze([corpusDir, '--json', '--concurrency', '1'], { stdout: jsonOut.stream, stderr: jsonErr.stream, isTTY: true });
    expect(jsonErr.text()).toBe('');
  });
});

describe('paths', () => {
  it('are printed relative to the current folder, whichever way they were given', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'wh-cli-cwd-'));
    mkdirSync(path.join(root, 'flows'));
    writeFileSync(path.join(root, 'flows', 'a.json'), JSON.stringify(n8nWorkflow({ nodes: [node('Every night', 'scheduleTrigger')] })));
    const relative = await runCli(['analyze', 'flows', '--json'], { cwd: root });
    const absolute = await runCli(['analyze', path.join(root, 'flows'), '--json'], { cwd: root });
    expect(JSON.parse(relative.stdout)[0].file).toBe(path.join('flows', 'a.json'));
    expect(JSON.parse(absolute.stdout)[0].file).toBe(path.join('flows', 'a.json'));
  });
});
