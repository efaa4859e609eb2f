import { parseArgs } from 'node:util';
import { openCliDatabase } from './database.js';
import { TIERS, type Tier } from '../db/entities/enums.js';
import { createApiKeyForUser, createOrganization, setOrganizationTier } from '../services/organizations.js';
import { AppError } from '../errors.js';
import type { CliIO } from './io.js';
import { Redis } from 'ioredis';
import { cacheEnvSchema } from '../cache/settings.js';
import { publishCacheEvent, sessionChannel } from '../cache/sessions.js';

const USAGE = `Usage:
  workflow-health admin create-org --name <name> --tier <FREE|PRO|ENTERPRISE> --location <name> --owner-email <e-mail> [--owner-name <name>] [--json]
  workflow-health admin set-tier --org <organization id> --tier <FREE|PRO|ENTERPRISE> [--json]
  workflow-health admin create-key --email <user e-mail> [--name <key name>] [--json]

Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR when it is not set (also while the
server runs on it). Applies pending migrations first. set-tier tells running servers through
REDIS_URL (and CACHE_KEY_PREFIX) when set; without Redis they apply it within CACHE_SESSION_TTL_MS.`;

/** `admin …`: platform administration from the command line. Exit 0 ok, 1 refused, 2 usage. */
export async function runAdmin(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        name: { type: 'string' },
        tier: { type: 'string' },
        location: { type: 'string' },
        'owner-email': { type: 'string' },
        'owner-name': { type: 'string' },
        org: { type: 'string' },
        email: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const missing = (names: string[]) => names.filter((n) => typeof values[n] !== 'string' || !(values[n] as string).trim());
  const tier = values.tier as string | undefined;
  const needed =
    sub === 'create-org' ? ['name', 'tier', 'location', 'owner-email'] : sub === 'set-tier' ? ['org', 'tier'] : sub === 'create-key' ? ['email'] : null;
  if (!needed) {
    io.stderr.write(`${sub ? `Unknown admin command "${sub}"` : 'Missing admin command'}\n\n${USAGE}\n`);
    return 2;
  }
  const absent = missing(needed);
  if (absent.length) {
    io.stderr.write(`Missing ${absent.map((n) => `--${n}`).join(', ')}\n\n${USAGE}\n`);
    return 2;
  }
  if (sub !== 'create-key' && !TIERS.includes(tier as Tier)) {
    io.stderr.write(`--tier must be one of ${TIERS.join(', ')}\n`);
    return 2;
  }

  const db = await openCliDatabase(io, { migrate: true });
  if (!db) return 2;
  try {
    const em = db.orm.em.fork();
    if (sub === 'create-org') {
      const created = await createOrganization(em, {
        name: String(values.name).trim(),
        tier: tier as Tier,
        locationName: String(values.location).trim(),
        ownerEmail: String(values['owner-email']).trim(),
        ownerName: typeof values['owner-name'] === 'string' ? values['owner-name'].trim() : undefined,
      });
      const output = {
        organization: { id: created.organization.id, name: created.organization.name, tier: created.organization.tier },
        location: { id: created.location.id, name: created.location.name },
        user: { id: created.user.id, email: created.user.email, role: created.user.role },
        apiKey: created.apiKey,
      };
      io.stdout.write(
        values.json
          ? `${JSON.stringify(output, null, 2)}\n`
          : `Organization ${output.organization.name} (${output.organization.id}, ${output.organization.tier})\n` +
              `Location     ${output.location.name} (${output.location.id})\n` +
              `Owner        ${output.user.email} (${output.user.id})\n` +
              `API key      ${output.apiKey}   (shown once: store it now)\n`,
      );
    } else if (sub === 'create-key') {
      const name = typeof values.name === 'string' && values.name.trim() ? values.name.trim().slice(0, 100) : undefined;
      const created = await createApiKeyForUser(em, String(values.email), name);
      const output = { user: { id: created.user.id, email: created.user.email, role: created.user.role }, apiKeyId: created.apiKeyId, apiKey: created.apiKey };
      io.stdout.write(
        values.json
          ? `${JSON.stringify(output, null, 2)}\n`
          : `User     ${output.user.email} (${output.user.role}, ${output.user.id})\n` + `API key  ${output.apiKey}   (shown once: store it now)\n`,
      );
    } else {
      const organization = await setOrganizationTier(em, String(values.org), tier as Tier);
      await announceTierChange(organization.id, io);
      const output = { organization: { id: organization.id, name: organization.name, tier: organization.tier } };
      io.stdout.write(values.json ? `${JSON.stringify(output, null, 2)}\n` : `Organization ${organization.name} is now ${organization.tier}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      io.stderr.write(`${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

/**
 * Running servers hold resolved API keys, tier included (src/cache/sessions.ts): tell them on
 * their channel so that the next request everywhere has the new tier.
 */
async function announceTierChange(organizationId: string, io: CliIO): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) return;
  const prefix = cacheEnvSchema.CACHE_KEY_PREFIX.safeParse(process.env.CACHE_KEY_PREFIX || undefined);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await publishCacheEvent(redis, sessionChannel(prefix.success ? prefix.data : 'wh:rc'), 'cli', { organizationId });
  } catch {
    io.stderr.write('Warning: Redis (REDIS_URL) did not answer; running servers apply the new tier within CACHE_SESSION_TTL_MS\n');
  } finally {
    redis.disconnect();
  }
}
