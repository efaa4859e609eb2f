import { describe, expect, it } from 'vitest';
import { assertGrantable, withinGrantScope } from '../../src/auth/grants.js';
import type { Viewer } from '../../src/auth/viewer.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const viewer = (overrides: Partial<Viewer>): Viewer => ({
  userId: 'u', email: 'e', name: 'n', organizationId: 'o', organizationName: 'O', tier: 'PRO', role: 'ADMIN', apiKeyId: 'k',
  locationIds: [A, B], allLocations: true, ...overrides,
});

describe('assertGrantable', () => {
  it('never grants a role above the caller', () => {
    expect(() => assertGrantable(viewer({ role: 'ADMIN' }), { role: 'OWNER' })).toThrow(/above your own/);
    expect(() => assertGrantable(viewer({ role: 'MEMBER' }), { role: 'ADMIN' })).toThrow(/above your own/);
    expect(assertGrantable(viewer({ role: 'ADMIN' }), { role: 'ADMIN' })).toBeNull();
    expect(assertGrantable(viewer({ role: 'OWNER' }), { role: 'VIEWER' })).toBeNull();
  });

  it('turns "all locations" from a restricted caller into its own list, even when that list is every current location', () => {
    expect(assertGrantable(viewer({ allLocations: false, locationIds: [A, B] }), {})).toEqual([A, B]);
    expect(assertGrantable(viewer({ allLocations: false, locationIds: [A] }), { locationIds: null })).toEqual([A]);
    expect(assertGrantable(viewer({ allLocations: true }), {})).toBeNull();
  });

  it('refuses locations outside the caller as NOT_FOUND, and removes duplicates', () => {
    expect(() => assertGrantable(viewer({ allLocations: false, locationIds: [A] }), { locationIds: [B] })).toThrow(/not found/);
    expect(assertGrantable(viewer({ allLocations: false, locationIds: [A] }), { locationIds: [A, A] })).toEqual([A]);
  });
});

describe('withinGrantScope', () => {
  it('a restricted caller manages subsets of its own locations, never unrestricted access', () => {
    const limited = viewer({ allLocations: false, locationIds: [A] });
    expect(withinGrantScope(limited, { all: false, locationIds: [A] })).toBe(true);
    expect(withinGrantScope(limited, { all: false, locationIds: [A, B] })).toBe(false);
    expect(withinGrantScope(limited, { all: true, locationIds: [A] })).toBe(false);
    expect(withinGrantScope(viewer({}), { all: true, locationIds: [A, B] })).toBe(true);
  });
});
