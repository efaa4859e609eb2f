import { forbidden } from '../errors.js';
import { roleAtLeast, type Role } from '../db/entities/enums.js';
import { TenantScope } from '../db/tenant-scope.js';
import type { Viewer } from './viewer.js';

/** What a caller asks to give: a role and a location restriction (null or absent: all). */
export interface Grant {
  role?: Role;
  locationIds?: readonly string[] | null;
}

/**
 * The one rule for everything a caller hands out (API keys now, users later): a caller never
 * grants more than it has.
 * - Locations: a restricted caller (a key limited to some locations, or a user limited to a
 *   list) can only grant a subset of the locations it sees. When it names none, the grant is its
 *   own current locations, never "all": "all" would include the locations it cannot see and
 *   every location created later. Each named location must be visible to the caller (NOT_FOUND
 *   otherwise, as for any id outside the caller's scope).
 * - Role: never above the caller's own.
 *
 * Returns the locations to store: null (unrestricted) only when the caller itself is.
 */
export function assertGrantable(viewer: Viewer, grant: Grant): readonly string[] | null {
  if (grant.role && !roleAtLeast(viewer.role, grant.role)) {
    throw forbidden(`You cannot grant the role ${grant.role}: it is above your own (${viewer.role})`);
  }
  const scope = TenantScope.forViewer(viewer);
  if (grant.locationIds === undefined || grant.locationIds === null) {
    return viewer.allLocations ? null : [...viewer.locationIds];
  }
  for (const id of grant.locationIds) scope.assertLocation(id);
  return [...new Set(grant.locationIds)];
}

/**
 * Whether a caller may see and manage something whose effective access is `locationIds`
 * (`all`: unrestricted): an unrestricted caller manages everything of its organization; a
 * restricted one only what it could have granted itself — access to a subset of its own
 * locations, never unrestricted access.
 */
export function withinGrantScope(viewer: Viewer, target: { all: boolean; locationIds: readonly string[] }): boolean {
  if (viewer.allLocations) return true;
  if (target.all) return false;
  const own = new Set(viewer.locationIds);
  return target.locationIds.every((id) => own.has(id));
}

/**
 * Organization-wide operations (creating a location) need an unrestricted caller: a location
 * made by a key limited to one location would be one it cannot see, and its name clash (409)
 * would reveal the names of locations it may not see.
 */
export function assertOrganizationWide(viewer: Viewer, action: string): void {
  if (!viewer.allLocations) throw forbidden(`Only a caller that sees every location of the organization can ${action}; this API key or its user is limited to some locations`);
}
