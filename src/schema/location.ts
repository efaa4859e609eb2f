import { builder } from './builder.js';
import { Location } from '../db/entities/index.js';
import { locationMutations, locationQueries } from '../resolvers/locations.js';
import { z } from 'zod';
import { text } from './text.js';

export const LocationRef = builder.objectRef<Location>('Location');
LocationRef.implement({
  description: 'A sub-account (one per client): the tenant boundary for workflows.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Location id.' }),
    name: t.exposeString('name', { description: 'Display name, unique in the organization.' }),
    timezone: t.exposeString('timezone', { description: 'IANA time zone used for daily health figures.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the location was created.' }),
  }),
});

builder.queryFields((t) => ({
  locations: t.field({
    type: [LocationRef],
    description: 'The locations the caller may see, by name.',
    authScopes: { authenticated: true },
    resolve: locationQueries.locations,
  }),
  location: t.field({
    type: LocationRef,
    nullable: true,
    description: 'One location by id; null with a NOT_FOUND error when it does not exist or is not visible to the caller (the rest of the response is kept).',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true, description: 'Location id.', validate: { schema: z.string().uuid('must be a UUID') } }) },
    resolve: locationQueries.location,
  }),
}));

const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Europe/Paris' },
);

const CreateLocationInput = builder.inputType('CreateLocationInput', {
  description: 'A new location.',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Display name, unique in the organization (1–200 characters).', validate: { schema: text(200, 1) } }),
    timezone: t.string({ required: false, description: 'IANA time zone; default UTC.', validate: { schema: timezoneSchema } }),
  }),
});

builder.mutationField('createLocation', (t) =>
  t.field({
    type: LocationRef,
    description: 'Creates a location in the caller organization. Requires ADMIN.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateLocationInput, required: true, description: 'The location to create.' }) },
    resolve: locationMutations.createLocation,
  }),
);
