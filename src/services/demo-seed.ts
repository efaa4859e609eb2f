import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Location, Organization } from '../db/entities/index.js';
import { createOrganization } from './organizations.js';
import { TenantScope } from '../db/tenant-scope.js';
import { createWorkflow, prepareDefinition } from './workflows.js';
import { analyzeStoredWorkflow } from './analyses.js';
import { DEMO_WORKFLOWS } from './demo-workflows.js';

/** The demo organization's OWNER: the e-mail a new key is asked for on later starts. */
export const DEMO_OWNER_EMAIL = 'owner@demo.invalid';

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
    ownerEmail: DEMO_OWNER_EMAIL,
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

/**
 * Printed on a development start that created nothing (the database already has
 * organizations): the first start's key is not kept anywhere, so say how to get a new one.
 */
export function printKeyHint(): void {
  process.stdout.write(
    [
      '',
      '  The demo API key was shown on the first start only (only its hash is stored). For a new key,',
      '  while the server runs:',
      '',
      `    npm run cli -- admin create-key --email ${DEMO_OWNER_EMAIL}`,
      '',
      "  (any user's e-mail works), or start afresh: stop the server, delete the data folder (DATA_DIR), npm start.",
      '',
    ].join('\n') + '\n',
  );
}
