import type { Role, Tier } from '../db/entities/enums.js';

/**
 * Who is calling, built once per request from the API key. Everything tenant-scoped reads the
 * organization and the allowed locations from here, never from arguments.
 */
export interface Viewer {
  userId: string;
  email: string;
  name: string;
  organizationId: string;
  organizationName: string;
  tier: Tier;
  role: Role;
  apiKeyId: string;
  /** Locations this request may see: the user's access intersected with the key's restriction. */
  locationIds: readonly string[];
  /**
   * True when nothing limits the request to a list: the user sees every location of the
   * organization and the key has no restriction, so locations created later are visible too.
   */
  allLocations: boolean;
}
