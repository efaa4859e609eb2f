import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { SUBSCRIPTION_STATUSES, TIERS } from './enums.js';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: (p) => ({
    id: p.uuid().primary(),
    name: p.text(),
    /** Denormalized from the ACTIVE subscription, read on every request. */
    tier: p.enum([...TIERS]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type Organization = InferEntity<typeof Organization>;

export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'subscriptions',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    tier: p.enum([...TIERS]),
    status: p.enum([...SUBSCRIPTION_STATUSES]),
    currentPeriodEnd: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Subscription = InferEntity<typeof Subscription>;
