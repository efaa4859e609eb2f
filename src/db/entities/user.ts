import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from './enums.js';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    email: p.text(),
    name: p.text(),
    role: p.enum([...ROLES]),
    /** false: the user sees only the locations listed in user_locations. */
    allLocations: p.boolean(),
    lastActiveAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type User = InferEntity<typeof User>;

/** Access of a user limited to some locations (used when `allLocations` is false). */
export const UserLocation = defineEntity({
  name: 'UserLocation',
  tableName: 'user_locations',
  properties: (p) => ({
    userId: p.uuid().primary(),
    locationId: p.uuid().primary(),
  }),
});
export type UserLocation = InferEntity<typeof UserLocation>;
