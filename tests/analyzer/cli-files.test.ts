import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileTooLargeError, NotRegularFileError, readWorkflowFile } from '../../src/cli/read-workflow-file.js';
import { runCli } from '../support/cli.js';
import { n8nWorkflow, node } from './helpers.js';

/**
 * Issue 7 item 10: a FIFO made `analyze` hang and a link to /dev/zero made it read 650 MB. Only
 * regular files are read, and no more than MAX_BODY_BYTES of them. Every run here has a timeout:
 * a regression shows as a killed run (code -1), not as a hung test suite.
 */
let dir: string;
let good: string;
let fifo: string;
let zero: string;
let big: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wh-cli-files-'));
  good = path.join(dir, 'good.json');
  writeFileSync(good, JSON.stringify(n8nWorkflow({ nodes: [node('Every night', 'scheduleTrigger')] })));
  fifo = path.join(dir, 'pipe.json');
  execFileSync('mkfifo', [fifo]);
  zero = path.join(dir, 'zero.json');
  symlinkSync('/dev/zero', zero);
  symlinkSync(good, path.join(dir, 'link-to-good.json'));
  symlinkSync(path.join(dir, 'nowhere.json'), path.join(dir, 'broken-link.json'));
  mkdirSync(path.join(dir, 'big'));
  big = path.join(dir, 'big', 'huge.json');
  // A valid workflow padded past 2 MiB (the default MAX_BODY_BYTES) with a long note.
  writeFileSync(big, JSON.stringify(n8nWorkflow({ nodes: [node('Every night', 'scheduleTrigger', { notes: 'x'.repeat(2_200_000) })] })));
});

describe('analyze on files that are not regular files', () => {
  it('skips a FIFO named on the command line with a message, instead of waiting on it', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', fifo, good], { timeoutMs: 20_000 });
    expect(code).toBe(0);
    expect(stderr).toContain(`skipped ${fifo}: not a regular file (a FIFO)`);
    expect(stdout).toContain('good.json');
    expect(stdout).not.toContain('pipe.json');
  });

  it('skips a link to /dev/zero instead of reading it', async () => {
    const { code, stderr } = await runCli(['analyze', zero, good], { timeoutMs: 20_000 });
    expect(code).toBe(0);
    expect(stderr).toContain(`skipped ${zero}: not a regular file (a device)`);
  });

  it('in a folder: reads regular files and links to them, skips the FIFO, the device link and the broken link', async () => {
    const { code, stdout, stderr } = await runCli(['analyze', dir, '--jsonl', '--max-bytes', '100000000'], { timeoutMs: 30_000 });
    expect(code).toBe(0);
    const files = stdout.trimEnd().split('\n').map((line) => path.basename(JSON.parse(line).file as string));
    expect(files).toEqual(['huge.json', 'good.json', 'link-to-good.json']);
    expect(stderr).toContain('pipe.json: not a regular file (a FIFO)');
    expect(stderr).toContain('zero.json: not a regular file (a device)');
    expect(stderr).toContain('broken-link.json: a broken symbolic link');
  });

  it('exits 2 when nothing readable is left', async () => {
    const { code, stderr } = await runCli(['analyze', fifo], { timeoutMs: 20_000 });
    expect(code).toBe(2);
    expect(stderr).toContain('no readable .json files found');
  });
});

describe('analyze on files over the size cap', () => {
  it('reports a file over MAX_BODY_BYTES (2 MiB by default) as unreadable and exits 1', async () => {
    const { code, stdout } = await runCli(['analyze', big, good], { timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL .*huge\.json {2}\(error: larger than 2097152 bytes/m);
  });

  it('follows MAX_BODY_BYTES from the environment, and --max-bytes over it', async () => {
    const small = await runCli(['analyze', good, '--json'], { env: { MAX_BODY_BYTES: '50' }, timeoutMs: 20_000 });
    expect(small.code).toBe(1);
    expect(JSON.parse(small.stdout)[0].error).toMatch(/^larger than 50 bytes/);
    const raised = await runCli(['analyze', big, '--max-bytes', '5000000', '--json'], { env: { MAX_BODY_BYTES: '50' }, timeoutMs: 20_000 });
    expect(raised.code).toBe(0);
    expect(JSON.parse(raised.stdout)[0].report.nodeCount).toBe(1);
  });
});

describe('readWorkflowFile', () => {
  it('refuses a FIFO on the open descriptor without blocking (it may appear after the listing)', () => {
    expect(() => readWorkflowFile(fifo, 1000)).toThrow(NotRegularFileError);
  });

  it('refuses a device', () => {
    expect(() => readWorkflowFile(zero, 1000)).toThrow(NotRegularFileError);
  });

  it('reads a file of exactly the limit, refuses one byte more', () => {
    const file = path.join(dir, 'exact.txt');
    writeFileSync(file, 'a'.repeat(64));
    expect(readWorkflowFile(file, 64)).toHaveLength(64);
    expect(() => readWorkflowFile(file, 63)).toThrow(FileTooLargeError);
  });
});
