import type { EntityManager } from '@mikro-orm/postgresql';
import { unauthenticated } from '../errors.js';
import { parseApiKey, secretMatches } from './api-key-secret.js';
import type { Viewer } from './viewer.js';
import type { Role, Tier } from '../db/entities/enums.js';

/** lastUsedAt / lastActiveAt are written at most this often per key, not on every request. */
const TOUCH_INTERVAL_MS = 60_000;

interface KeyRow {
  key_id: string;
  secret_hash: string;
  revoked_at: Date | null;
  last_used_at: Date | null;
  user_id: string;
  email: string;
  user_name: string;
  role: Role;
  organization_id: string;
  organization_name: string;
  tier: Tier;
  location_ids: string[] | null;
  all_locations: boolean;
}

/**
 * Resolves a bearer API key to a Viewer in one query: the key, its user, the organization and
 * the locations the user may see (all of the organization's, or the user's list), intersected
 * with the key's own restriction. A malformed, unknown or revoked key is UNAUTHENTICATED with the
 * same message, so the answer does not reveal which keys exist.
 */
export async function authenticateApiKey(em: EntityManager, key: string): Promise<Viewer> {
  const parsed = parseApiKey(key);
  if (!parsed) throw unauthenticated('The API key is invalid or revoked');
  const rows = await em.getConnection().execute<KeyRow[]>(
    `select k.id as key_id, k.secret_hash, k.revoked_at, k.last_used_at,
            u.id as user_id, u.email, u.name as user_name, u.role,
            o.id as organization_id, o.name as organization_name, o.tier,
            array(
              select l.id from locations l
              where l.organization_id = o.id
                and (u.all_locations or exists (select 1 from user_locations ul where ul.user_id = u.id and ul.location_id = l.id))
                and (k.location_ids is null or l.id = any(k.location_ids))
              order by l.created_at, l.id
            ) as location_ids,
            (u.all_locations and k.location_ids is null) as all_locations
       from api_keys k
       join users u on u.id = k.user_id
       join organizations o on o.id = k.organization_id
      where k.prefix = ?`,
    [parsed.prefix],
  );
  const row = rows[0];
  if (!row || row.revoked_at || !secretMatches(parsed.secret, row.secret_hash)) {
    throw unauthenticated('The API key is invalid or revoked');
  }
  const now = Date.now();
  if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > TOUCH_INTERVAL_MS) {
    // Fire-and-forget would outlive the request's connection; it is one cheap indexed update.
    await em.getConnection().execute(
      `with k as (update api_keys set last_used_at = now() where id = ? returning user_id)
       update users set last_active_at = now() where id in (select user_id from k)`,
      [row.key_id],
    );
  }
  return {
    userId: row.user_id,
    email: row.email,
    name: row.user_name,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    tier: row.tier,
    role: row.role,
    apiKeyId: row.key_id,
    locationIds: row.location_ids ?? [],
    allLocations: row.all_locations,
  };
}
