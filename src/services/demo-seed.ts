import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location, Organization } from '../db/entities/index.js';
import { createOrganization } from './organizations.js';
import { TenantScope } from '../db/tenant-scope.js';
import { createWorkflow, prepareDefinition } from './workflows.js';
import { analyzeStoredWorkflow } from './analyses.js';
import { DEMO_WORKFLOWS } from './demo-workflows.js';

export interface DemoSeed {
  organizationName: string;
  locationNames: string[];
  apiKey: string;
}

/**
 * Development only (never called in production): on an empty database, creates a PRO demo
 * organization with two locations and a few analysed sample workflows, so that `npm start` gives something to query at once.
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
  const second = em.create(Location, { id: randomUUID(), organizationId: created.organization.id, name: 'Globex Plumbing', timezone: 'Europe/Paris' });
  await em.flush();
  const scope = new TenantScope(created.organization.id, [created.location.id, second.id]);
  for (const sample of DEMO_WORKFLOWS) {
    const workflow = await createWorkflow(em, scope, {
      locationId: scope.locationIds[sample.location]!,
      name: sample.name,
      status: sample.status,
      prepared: prepareDefinition(sample.workflow, 'N8N', Number.MAX_SAFE_INTEGER, 'workflow'),
    });
    await analyzeStoredWorkflow(em, scope, workflow.id, created.user.id);
  }
  return { organizationName: created.organization.name, locationNames: ['Acme Bakery', 'Globex Plumbing'], apiKey: created.apiKey };
}

/** Printed once, to the terminal (not the JSON log): the key is not kept anywhere else. */
export function printDemoBanner(demo: DemoSeed, url: string): void {
  const query = JSON.stringify({ query: '{ viewer { organization { name } locations { id name } } }' });
  process.stdout.write(
    [
      '',
      `  Demo organization "${demo.organizationName}" created with locations ${demo.locationNames.map((n) => `"${n}"`).join(' and ')} and ${DEMO_WORKFLOWS.length} analysed sample workflows.`,
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
