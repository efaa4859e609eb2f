import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Location = defineEntity({
  name: 'Location',
  tableName: 'locations',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    name: p.text(),
    timezone: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});
export type Location = InferEntity<typeof Location>;
