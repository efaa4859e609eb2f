import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config.js';

/**
 * .env.example is the operator's list of every setting: each variable src/config.ts reads, with
 * its default and a one-line meaning. A variable added to the code without its line here (or a
 * line left behind after one was removed) fails this test.
 */
const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const lines = text.split('\n');
const entries = lines.flatMap((line, index) => {
  const match = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
  return match ? [{ name: match[1]!, value: match[2]!.trim(), above: lines[index - 1] ?? '' }] : [];
});

describe('.env.example', () => {
  it('lists exactly the variables the configuration reads, each once', () => {
    const listed = entries.map((e) => e.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('gives each variable a one-line meaning just above it', () => {
    for (const { name, above } of entries) {
      expect(above, name).toMatch(/^# \S.{10,}/);
      expect(above, name).not.toMatch(/^#?\s*[A-Z][A-Z0-9_]*=/);
    }
  });

  it('states the default the code applies, and every value it shows is accepted', () => {
    const defaults = configSchema.parse({}) as Record<string, unknown>;
    for (const { name, value } of entries) {
      if (value === '') continue;
      const parsed = configSchema.parse({ [name]: value }) as Record<string, unknown>;
      // Variables with a default in the schema: the value shown is that default.
      if (defaults[name] !== undefined) expect(parsed[name], name).toEqual(defaults[name]);
    }
    const shown = Object.fromEntries(entries.filter((e) => e.value !== '').map((e) => [e.name, e.value]));
    expect(() => loadConfig(shown)).not.toThrow();
  });
});
