import { describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { MIGRATION_NAMES } from '../../migrations/names.js';

describe('migration names', () => {
  it('names.ts lists the migrations of index.ts, in the same order', () => {
    // /ready and start-up compare names.ts with the migrations table: a migration missing there
    // would never be applied at start, nor reported pending.
    expect(migrationsList.map((m) => m.name)).toEqual([...MIGRATION_NAMES]);
  });
});
