/**
 * Bulk seeding for `npm run bench:api`: one location with 10,000 workflows, 1,000,000 completed
 * analyses (100 per workflow, one every ~31.5 s over the past year, all timestamps distinct) and
 * the findings of each workflow's latest analysis — a handful of set-based statements, no per-row
 * round trips. Ids are derived from the row number (md5 → uuid) so that later statements can
 * refer to earlier rows without reading them back.
 */
import os from 'node:os';
import type pg from 'pg';
import { RULESET_VERSION } from '../src/analyzer/index.js';

export const WORKFLOWS = 10_000;
export const ANALYSES_PER_WORKFLOW = 100;
export const ANALYSES = WORKFLOWS * ANALYSES_PER_WORKFLOW;
const RULESET = RULESET_VERSION;

export interface SeedTarget {
  organizationId: string;
  locationId: string;
}

const RULES = [
  'security/hardcoded-secret', 'security/unauthenticated-webhook', 'security/code-execution', 'security/sql-injection',
  'reliability/no-error-handling', 'reliability/http-without-retry', 'reliability/disabled-node', 'reliability/error-output-unwired',
  'performance/long-wait', 'performance/execute-once', 'structure/orphan-node', 'structure/unreachable-node',
  'maintainability/default-node-name', 'maintainability/long-code', 'maintainability/pinned-data',
];
const sqlArray = (values: readonly string[]) => `array[${values.map((v) => `'${v}'`).join(', ')}]`;

/** A version-4 UUID derived from `seed` (md5 with the version and variant nibbles set). */
const uuidOf = (seed: string) => `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
/** Analysis number `a` (0 … ANALYSES-1) belongs to workflow a % WORKFLOWS and is its (a / WORKFLOWS)-th. */
const analysisId = (a: string) => uuidOf(`'bench-analysis-' || ${a}`);
const workflowId = (w: string) => uuidOf(`'bench-workflow-' || ${w}`);
/** Score: a per-workflow level (45–94) plus a small drift between analyses. */
const score = (a: string) => `greatest(0, least(100, 45 + ((${a} % ${WORKFLOWS}) * 37) % 50 + (${a} * 13) % 15 - 7))`;
const grade = (s: string) => `case when ${s} >= 90 then 'A' when ${s} >= 80 then 'B' when ${s} >= 70 then 'C' when ${s} >= 60 then 'D' else 'F' end`;
/** Findings of analysis a: 0–8, split by severity (most severe first in report order). */
const findingCount = (a: string) => `((${a} * 7) % 9)`;

/**
 * Seeds through `db` (a pool of at least `os.availableParallelism()` connections: the analyses
 * are inserted in that many concurrent slices). Returns the milliseconds of each step.
 */
export async function seed(db: pg.Pool, target: SeedTarget): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  const step = async (name: string, sql: string | string[], params: unknown[] = []) => {
    const start = performance.now();
    await Promise.all((Array.isArray(sql) ? sql : [sql]).map((one) => db.query(one, params)));
    timings[name] = Math.round(performance.now() - start);
  };

  await step('workflows', `
    insert into workflows (id, organization_id, location_id, name, description, format, status, source, definition,
                           content_hash, node_count, version, created_at, updated_at)
    select ${workflowId('i')}, $1, $2,
           (array['Sync','Import','Notify about','Enrich','Back up','Route','Archive','Score','Triage','Publish'])[1 + i % 10]
             || ' ' || (array['Shopify orders','HubSpot contacts','Stripe invoices','Zendesk tickets','Slack alerts',
                              'Google Sheets rows','Jira issues','Mailchimp leads','Airtable records','GitHub releases',
                              'Salesforce deals','Typeform answers'])[1 + (i / 10) % 12]
             || ' #' || i,
           case when i % 3 = 0 then 'Runs every ' || (5 + i % 55) || ' minutes' end,
           'N8N',
           case when i % 20 < 14 then 'ACTIVE' when i % 20 < 17 then 'DRAFT' when i % 20 < 19 then 'PAUSED' else 'ARCHIVED' end,
           src, src,
           md5('bench-content-' || i || '-' || ${ANALYSES_PER_WORKFLOW / 10 - 1}),
           3 + i % 40, ${ANALYSES_PER_WORKFLOW / 10},
           now() - interval '400 days' + i * interval '1 second',
           now() - i * interval '47 seconds'
      from generate_series(0, ${WORKFLOWS - 1}) i,
           lateral (select jsonb_build_object(
             'name', 'workflow ' || i,
             'nodes', jsonb_build_array(
               jsonb_build_object('id', 'n1', 'name', 'Schedule Trigger', 'type', 'n8n-nodes-base.scheduleTrigger', 'parameters', '{}'::jsonb),
               jsonb_build_object('id', 'n2', 'name', 'HTTP Request', 'type', 'n8n-nodes-base.httpRequest', 'parameters', jsonb_build_object('url', 'https://api.example.com/items/' || i))),
             'connections', jsonb_build_object('Schedule Trigger', jsonb_build_object('main', jsonb_build_array(jsonb_build_array(
               jsonb_build_object('node', 'HTTP Request', 'type', 'main', 'index', 0))))))) as s(src)`,
    [target.organizationId, target.locationId]);

  const sev = (a: string) => ({ n: findingCount(a), crit: `(${findingCount(a)} / 8)`, high: `((${findingCount(a)} - ${findingCount(a)} / 8) / 4)` });
  const { n, crit, high } = sev('a');
  const slices = Math.max(1, os.availableParallelism());
  const slice = Math.ceil(ANALYSES / slices);
  const ranges = Array.from({ length: slices }, (_, i) => [i * slice, Math.min(ANALYSES, (i + 1) * slice) - 1] as const);
  await step('analyses', ranges.map(([from, to]) => `
    insert into analyses (id, organization_id, location_id, workflow_id, workflow_version, content_hash, ruleset_version, status,
                          health_score, grade, category_scores, counts, finding_count, duration_ms, created_at, started_at, completed_at)
    select ${analysisId('a')}, $1, $2, ${workflowId(`a % ${WORKFLOWS}`)},
           1 + (a / ${WORKFLOWS}) / 10, md5('bench-content-' || (a % ${WORKFLOWS}) || '-' || (a / ${WORKFLOWS}) / 10), '${RULESET}', 'COMPLETED',
           s, ${grade('s')},
           jsonb_build_object('STRUCTURE', least(100, s + 5), 'SECURITY', greatest(0, s - 10), 'RELIABILITY', s,
                              'PERFORMANCE', least(100, s + 8), 'MAINTAINABILITY', greatest(0, s - 3)),
           jsonb_build_object('CRITICAL', ${crit}, 'HIGH', ${high}, 'MEDIUM', ${n} - ${crit} - ${high}, 'LOW', 0, 'INFO', 0),
           ${n}, 5 + a % 200, t, t, t + (5 + a % 200) * interval '1 millisecond'
      from generate_series(${from}, ${to}) a,
           lateral (select ${score('a')} as s, now() - interval '365 days' + a * interval '31536 milliseconds' as t) x`),
    [target.organizationId, target.locationId]);

  // The latest analysis of workflow w is number (ANALYSES_PER_WORKFLOW - 1) * WORKFLOWS + w.
  const latest = `${(ANALYSES_PER_WORKFLOW - 1) * WORKFLOWS} + w`;
  // Findings before the workflows point at their latest analysis: the location_current roll-up
  // (a trigger on workflows) counts the findings the new latest analysis has at that moment.
  const f = sev(latest);
  await step('findings', `
    insert into findings (analysis_id, location_id, position, rule_id, severity, category, node_id, node_name, message, remediation)
    select ${analysisId(latest)}, $1, p, r,
           case when p < ${f.crit} then 'CRITICAL' when p < ${f.crit} + ${f.high} then 'HIGH' else 'MEDIUM' end,
           upper(split_part(r, '/', 1)), 'n' || (1 + p % 2), case when p % 2 = 0 then 'Schedule Trigger' else 'HTTP Request' end,
           'Node "' || case when p % 2 = 0 then 'Schedule Trigger' else 'HTTP Request' end || '" triggers ' || r,
           'See the rules catalog for how to fix ' || r
      from generate_series(0, ${WORKFLOWS - 1}) w,
           lateral generate_series(0, ${f.n} - 1) p,
           lateral (select (${sqlArray(RULES)})[1 + (w + p * 7) % ${RULES.length}] as r) x`,
    [target.locationId]);

  await step('latest', `
    update workflows set latest_analysis_id = ${analysisId(latest)}, latest_score = ${score(latest)},
                         latest_grade = ${grade(score(latest))}
      from generate_series(0, ${WORKFLOWS - 1}) w where workflows.id = ${workflowId('w')}`);

  // What autovacuum would have done by now: statistics, hint bits and the visibility map.
  await step('vacuum', 'vacuum (analyze)');
  return timings;
}
