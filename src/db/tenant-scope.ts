import { notFound } from '../errors.js';
import type { Viewer } from '../auth/viewer.js';

/**
 * The tenant boundary every repository query carries. It refuses to exist without an
 * organization (an `undefined` in a WHERE clause would silently widen a query to every tenant),
 * and it answers NOT_FOUND — never FORBIDDEN — for a location outside it, so ids of other
 * tenants are not confirmed to exist.
 */
export class TenantScope {
  readonly organizationId: string;
  readonly locationIds: readonly string[];
  private readonly locationSet: ReadonlySet<string>;

  constructor(organizationId: string, locationIds: readonly string[]) {
    if (typeof organizationId !== 'string' || organizationId.length === 0) {
      throw new TypeError('TenantScope needs an organization id');
    }
    this.organizationId = organizationId;
    this.locationIds = [...locationIds];
    this.locationSet = new Set(locationIds);
  }

  static forViewer(viewer: Viewer): TenantScope {
    return new TenantScope(viewer.organizationId, viewer.locationIds);
  }

  /** The visible locations as a PostgreSQL array literal, for `location_id = any(?::uuid[])`. */
  get locationArray(): string {
    return `{${this.locationIds.join(',')}}`;
  }

  canSeeLocation(locationId: string): boolean {
    return this.locationSet.has(locationId);
  }

  /** Throws NOT_FOUND unless the location is inside the scope. */
  assertLocation(locationId: string): void {
    if (!this.canSeeLocation(locationId)) throw notFound('Location', locationId);
  }
}
