import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { corpusWorkflow } from '../support/corpus.js';
import type { CreatedOrganization } from '../../src/services/organizations.js';

let t: TestApp;
let org: CreatedOrganization;
const N8N_FILE = 'Aggregate__1413_Aggregate_Telegram_Automation_Triggered.json';

beforeAll(async () => {
  t = await createTestApp();
  org = await t.tenant();
});
afterAll(() => t.close());

const IMPORT = `mutation($input: ImportWorkflowInput!) { importWorkflow(input: $input) { id name version format nodeCount status latestScore } }`;
const ANALYZE = `mutation($id: ID!) { analyzeWorkflow(id: $id) { reused analysis { id healthScore grade findingCount reusedFromId findings { ruleId nodeName message } } } }`;

async function importCorpus(key = org.apiKey, locationId = org.location.id, file = N8N_FILE) {
  const res = await t.graphql(IMPORT, { input: { locationId, workflow: corpusWorkflow(file) } }, key);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.importWorkflow as { id: string; name: string; version: number };
}

const native = (name = 'Native flow') => ({
  format: 'native',
  version: 1,
  name,
  nodes: [
    { id: 't', name: 'Start', kind: 'TRIGGER', type: 'schedule' },
    { id: 'a', name: 'Call API', kind: 'ACTION', type: 'http' },
  ],
  edges: [{ from: 'Start', to: 'Call API' }],
});

describe('workflows', () => {
  it('imports a real n8n export, detecting the format and keeping its name', async () => {
    const res = await t.graphql(IMPORT, { input: { locationId: org.location.id, workflow: corpusWorkflow(N8N_FILE) } }, org.apiKey);
    expect(res.body.data?.importWorkflow).toMatchObject({ name: 'Dsp agent', version: 1, format: 'N8N', nodeCount: 18, status: 'ACTIVE', latestScore: null });
  });

  it('creates a NATIVE workflow and refuses an n8n file sent as NATIVE, naming the field', async () => {
    const ok = await t.graphql(
      'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id format nodeCount } }',
      { input: { locationId: org.location.id, name: 'Mine', definition: native() } },
      org.apiKey,
    );
    expect(ok.body.data?.createWorkflow).toMatchObject({ format: 'NATIVE', nodeCount: 2 });

    const bad = await t.graphql(
      'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
      { input: { locationId: org.location.id, name: 'Wrong', definition: corpusWorkflow(N8N_FILE) } },
      org.apiKey,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.extensions?.details?.[0]?.field).toBe('input.definition');
  });

  it('analyses, stores findings and the latest score, and reuses identical content', async () => {
    const wf = await importCorpus();
    const first = await t.graphql(ANALYZE, { id: wf.id }, org.apiKey);
    const a1 = first.body.data!.analyzeWorkflow;
    expect(a1.reused).toBe(false);
    expect(a1.analysis.healthScore).toBeGreaterThanOrEqual(0);
    expect(a1.analysis.findings.length).toBe(a1.analysis.findingCount);
    expect(a1.analysis.findings.some((f: { nodeName: string }) => f.nodeName === 'Google Gemini Chat Model')).toBe(true);

    const second = await t.graphql(ANALYZE, { id: wf.id }, org.apiKey);
    const a2 = second.body.data!.analyzeWorkflow;
    expect(a2.reused).toBe(true);
    expect(a2.analysis.reusedFromId).toBe(a1.analysis.id);
    expect(a2.analysis.findings).toEqual(a1.analysis.findings);

    // A second workflow with the same content in the same organization reuses it too.
    const twin = await importCorpus();
    expect((await t.graphql(ANALYZE, { id: twin.id }, org.apiKey)).body.data!.analyzeWorkflow.reused).toBe(true);

    const read = await t.graphql(
      'query($id: ID!) { workflow(id: $id) { latestScore latestGrade latestAnalysis { id } analyses { edges { node { id } } } } }',
      { id: wf.id },
      org.apiKey,
    );
    expect(read.body.data?.workflow.latestScore).toBe(a1.analysis.healthScore);
    expect(read.body.data?.workflow.latestAnalysis.id).toBe(a2.analysis.id);
    expect(read.body.data?.workflow.analyses.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([a2.analysis.id, a1.analysis.id]);
  });

  it('analyses a definition without storing anything', async () => {
    const count = async () => (await t.orm.em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from analyses'))[0]!.n;
    const before = await count();
    const res = await t.graphql(
      'mutation($d: JSON!) { analyzeDefinition(input: { definition: $d }) { healthScore grade format findings { ruleId } deductions { ruleId points } } }',
      { d: corpusWorkflow(N8N_FILE) },
      org.apiKey,
    );
    expect(res.body.data?.analyzeDefinition.format).toBe('N8N');
    expect(res.body.data?.analyzeDefinition.findings.length).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });

  it('updates with expectedVersion and answers CONFLICT to a stale version, changing nothing', async () => {
    const wf = await importCorpus();
    const UPDATE = 'mutation($input: UpdateWorkflowInput!) { updateWorkflow(input: $input) { name version } }';
    const ok = await t.graphql(UPDATE, { input: { id: wf.id, expectedVersion: 1, name: 'Renamed' } }, org.apiKey);
    expect(ok.body.data?.updateWorkflow).toEqual({ name: 'Renamed', version: 2 });
    const stale = await t.graphql(UPDATE, { input: { id: wf.id, expectedVersion: 1, name: 'Lost update' } }, org.apiKey);
    expect(stale.status).toBe(409);
    expect(stale.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const read = await t.graphql('query($id: ID!) { workflow(id: $id) { name version } }', { id: wf.id }, org.apiKey);
    expect(read.body.data?.workflow).toEqual({ name: 'Renamed', version: 2 });
  });

  it('soft-deletes: hidden from lists and look-ups, history kept', async () => {
    const wf = await importCorpus();
    const analysis = (await t.graphql(ANALYZE, { id: wf.id }, org.apiKey)).body.data!.analyzeWorkflow.analysis;
    await t.graphql('mutation($id: ID!) { deleteWorkflow(id: $id) { id } }', { id: wf.id }, org.apiKey);
    expect((await t.graphql('query($id: ID!) { workflow(id: $id) { id } }', { id: wf.id }, org.apiKey)).status).toBe(404);
    const list = await t.graphql('{ workflows(first: 100) { edges { node { id } } } }', {}, org.apiKey);
    expect(list.body.data?.workflows.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(wf.id);
    const kept = await t.graphql('query($id: ID!) { analysis(id: $id) { id workflow { id } } }', { id: analysis.id }, org.apiKey);
    expect(kept.body.data?.analysis).toEqual({ id: analysis.id, workflow: null });
  });
});

describe('lists and history', () => {
  let location: string;
  let key: string;
  beforeAll(async () => {
    const other = await t.tenant();
    location = other.location.id;
    key = other.apiKey;
    for (let i = 0; i < 7; i++) {
      await t.graphql(
        'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { id } }',
        { input: { locationId: location, name: `Flow ${i}`, description: i === 3 ? 'the 100% special one' : null, definition: native(`Flow ${i}`) } },
        key,
      );
    }
  });

  it('pages through every workflow once with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { body: { data?: any } } = await t.graphql(
        'query($l: ID!, $after: String) { workflows(locationId: $l, first: 3, after: $after, orderBy: NAME_ASC) { edges { node { name } } pageInfo { hasNextPage endCursor } } }',
        { l: location, after },
        key,
      );
      const conn = res.body.data.workflows;
      seen.push(...conn.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(['Flow 0', 'Flow 1', 'Flow 2', 'Flow 3', 'Flow 4', 'Flow 5', 'Flow 6']);
  });

  it('searches name and description, with LIKE wildcards taken literally', async () => {
    const res = await t.graphql('query($l: ID!) { workflows(locationId: $l, search: "100%") { edges { node { name } } } }', { l: location }, key);
    expect(res.body.data?.workflows.edges).toEqual([{ node: { name: 'Flow 3' } }]);
  });

  it('pages the history newest first', async () => {
    const list = await t.graphql('query($l: ID!) { workflows(locationId: $l, first: 1) { edges { node { id } } } }', { l: location }, key);
    const id = list.body.data?.workflows.edges[0].node.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.unshift((await t.graphql(ANALYZE, { id }, key)).body.data!.analyzeWorkflow.analysis.id);
    const page1 = await t.graphql('query($id: ID!) { analyses(workflowId: $id, first: 2) { edges { node { id } } pageInfo { endCursor hasNextPage } } }', { id }, key);
    const page2 = await t.graphql(
      'query($id: ID!, $after: String) { analyses(workflowId: $id, first: 10, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }',
      { id, after: page1.body.data?.analyses.pageInfo.endCursor },
      key,
    );
    const got = [...page1.body.data?.analyses.edges, ...page2.body.data?.analyses.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(got).toEqual(ids);
    expect(page2.body.data?.analyses.pageInfo.hasNextPage).toBe(false);
  });

  it('reports location health', async () => {
    const res = await t.graphql(
      'query($l: ID!) { locationHealth(locationId: $l, days: 30) { daily { analyses averageScore } gradeDistribution { grade workflows } topRules { ruleId findings } atRisk { name latestScore } } }',
      { l: location },
      key,
    );
    const health = res.body.data?.locationHealth;
    expect(health.daily.reduce((n: number, d: { analyses: number }) => n + d.analyses, 0)).toBe(5);
    expect(health.gradeDistribution.reduce((n: number, g: { workflows: number }) => n + g.workflows, 0)).toBe(1);
    expect(health.atRisk).toHaveLength(1);
  });
});
