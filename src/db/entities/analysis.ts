import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ANALYSIS_STATUSES, GRADES } from './enums.js';
import { CATEGORIES, SEVERITIES } from '../../analyzer/model.js';

export const Analysis = defineEntity({
  name: 'Analysis',
  tableName: 'analyses',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    locationId: p.uuid(),
    workflowId: p.uuid(),
    workflowVersion: p.integer(),
    contentHash: p.text(),
    rulesetVersion: p.text(),
    status: p.enum([...ANALYSIS_STATUSES]),
    healthScore: p.smallint().nullable(),
    grade: p.enum([...GRADES]).nullable(),
    categoryScores: p.json<Record<string, number>>().nullable(),
    counts: p.json<Record<string, number>>().nullable(),
    findingCount: p.integer(),
    durationMs: p.integer().nullable(),
    /** Set when the result was copied from an earlier analysis of identical content. */
    reusedFromId: p.uuid().nullable(),
    batchId: p.uuid().nullable(),
    requestedBy: p.uuid().nullable(),
    error: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
  }),
});
export type Analysis = InferEntity<typeof Analysis>;

export const Finding = defineEntity({
  name: 'Finding',
  tableName: 'findings',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    analysisId: p.uuid(),
    locationId: p.uuid(),
    position: p.integer(),
    ruleId: p.text(),
    severity: p.enum([...SEVERITIES]),
    category: p.enum([...CATEGORIES]),
    nodeId: p.text().nullable(),
    nodeName: p.text().nullable(),
    message: p.text(),
    remediation: p.text(),
  }),
});
export type Finding = InferEntity<typeof Finding>;

export const AnalysisBatch = defineEntity({
  name: 'AnalysisBatch',
  tableName: 'analysis_batches',
  properties: (p) => ({
    id: p.uuid().primary(),
    organizationId: p.uuid(),
    locationId: p.uuid(),
    requestedBy: p.uuid().nullable(),
    total: p.integer(),
    completed: p.integer(),
    failed: p.integer(),
    status: p.enum([...ANALYSIS_STATUSES]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  }),
});
export type AnalysisBatch = InferEntity<typeof AnalysisBatch>;
