import { openCliDatabase } from './database.js';
import { migrateDown, migrateUp, pendingMigrations } from '../db/orm.js';
import type { CliIO } from './io.js';

/** `migrate [up|down|pending]`: applies (idempotent), reverts all, or lists pending migrations. */
export async function runMigrate(argv: string[], io: CliIO): Promise<number> {
  const action = argv[0] ?? 'up';
  if (!['up', 'down', 'pending'].includes(action)) {
    io.stderr.write('Usage: workflow-health migrate [up|down|pending]\n');
    return 2;
  }
  const db = await openCliDatabase(io, { migrate: false });
  if (!db) return 2;
  try {
    if (action === 'pending') {
      const pending = await pendingMigrations(db.orm);
      io.stdout.write(pending.length ? `${pending.join('\n')}\n` : 'No pending migrations\n');
    } else if (action === 'down') {
      const reverted = await migrateDown(db.orm);
      io.stdout.write(reverted.length ? `Reverted ${reverted.join(', ')}\n` : 'Nothing to revert\n');
    } else {
      const applied = await migrateUp(db.orm);
      io.stdout.write(applied.length ? `Applied ${applied.join(', ')}\n` : 'Database is up to date\n');
    }
    return 0;
  } finally {
    await db.close();
  }
}
