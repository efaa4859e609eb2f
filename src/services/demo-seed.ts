import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location, Organization } from '../db/entities/index.js';
import { createOrganization } from './organizations.js';

export interface DemoSeed {
  organizationName: string;
  locationNames: string[];
  apiKey: string;
}

/**
 * Development only (never called in production): on an empty database, creates a PRO demo
 * organization with two locations, so that `npm start` gives something to query at once.
 */
export async function seedDemoIfEmpty(em: EntityManager): Promise<DemoSeed | null> {
  if ((await em.count(Organization, {})) > 0) return null;
  const created = await createOrganization(em, {
    name: 'Demo Agency',
    tier: 'PRO',
    locationName: 'Acme Bakery',
    ownerEmail: 'owner@demo.invalid',
    ownerName: 'Demo Owner',
  });
  em.create(Location, { id: randomUUID(), organizationId: created.organization.id, name: 'Globex Plumbing', timezone: 'Europe/Paris' });
  await em.flush();
  return { organizationName: created.organization.name, locationNames: ['Acme Bakery', 'Globex Plumbing'], apiKey: created.apiKey };
}

/** Printed once, to the terminal (not the JSON log): the key is not kept anywhere else. */
export function printDemoBanner(demo: DemoSeed, url: string): void {
  const query = JSON.stringify({ query: '{ viewer { organization { name } locations { id name } } }' });
  process.stdout.write(
    [
      '',
      `  Demo organization "${demo.organizationName}" created with locations ${demo.locationNames.map((n) => `"${n}"`).join(' and ')}.`,
      '  Its API key (shown only now, only a hash is stored):',
      '',
      `    ${demo.apiKey}`,
      '',
      '  Try it:',
      '',
      `    curl -s ${url}/graphql -H 'content-type: application/json' \\`,
      `      -H 'authorization: Bearer ${demo.apiKey}' \\`,
      `      -d '${query}'`,
      '',
    ].join('\n') + '\n',
  );
}
