import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The Dockerfile and compose.yaml cannot be run here (no Docker): this checks what can be checked
 * without it — that they name files the build produces, run as a non-root user, and that compose
 * has the four services the README documents.
 */
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
/** `dist/src/x.js` is what `npm run build` makes of `src/x.ts`. */
const sourceOf = (compiled: string) => new URL(`../../${compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts')}`, import.meta.url);

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds in one stage and runs the compiled server in another, as a non-root user', () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/npm ci(?! --omit)/);
    const words = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]!) as string[];
    expect(words[0]).toBe('node');
    const cmd = words.at(-1)!;
    expect(cmd).toBe('dist/src/server.js');
    expect(existsSync(sourceOf(cmd))).toBe(true);
    // The same Node flags as `npm run start:prod` (the young generation's size, docs/deploy.md).
    const startProd = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['start:prod']!;
    expect(words.join(' ')).toBe(startProd);
  });
});

describe('compose.yaml', () => {
  // merge: compose files use YAML 1.1 merge keys (`<<: *app-environment`).
  const compose = parse(read('compose.yaml'), { merge: true });

  it('has PostgreSQL, Redis, the API and a worker, the app services pointed at the first two', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    for (const name of ['api', 'worker']) {
      const env = compose.services[name].environment;
      expect(env.DATABASE_URL, name).toMatch(/@postgres:5432\//);
      expect(env.REDIS_URL, name).toBe('redis://redis:6379');
      expect(env.NODE_ENV, name).toBe('production');
    }
  });

  it('runs the worker from the compiled worker entry point', () => {
    const [binary, entry] = compose.services.worker.command;
    expect(binary).toBe('node');
    expect(entry).toBe('dist/src/worker.js');
    expect(existsSync(sourceOf(entry))).toBe(true);
    expect(compose.services.api.environment.RUN_WORKER).toBe('false');
  });
});
