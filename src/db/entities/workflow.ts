import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { GRADES, WORKFLOW_STATUSES } from './enums.js';
import { WORKFLOW_FORMATS } from '../../analyzer/model.js';

export const Workflow = defineEntity({
  name: 'Workflow',
  tableName: 'workflows',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    locationId: p.uuid(),
    name: p.text(),
    description: p.text().nullable(),
    format: p.enum([...WORKFLOW_FORMATS]),
    status: p.enum([...WORKFLOW_STATUSES]),
    /** The JSON as uploaded, kept so the workflow can be re-analysed when rules improve. */
    source: p.json<unknown>(),
    /** The normalized graph of the analyzer's model. */
    definition: p.json<unknown>(),
    contentHash: p.text(),
    nodeCount: p.integer(),
    /** Optimistic concurrency: every update must name the version it read. */
    version: p.integer(),
    latestAnalysisId: p.uuid().nullable(),
    latestScore: p.smallint().nullable(),
    latestGrade: p.enum([...GRADES]).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  }),
});
export type Workflow = InferEntity<typeof Workflow>;
