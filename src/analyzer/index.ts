/**
 * The analyzer's public surface: the API, the job workers and the CLI import from here only.
 * Pure functions, no I/O.
 */
export { analyze, type AnalysisReport, type AnalyzeOptions, type RuleError } from './engine.js';
export { contentHash } from './content-hash.js';
export { detectFormat, importWorkflow, nativeJsonSchema, nativeWorkflowSchema, type ImportResult } from './importers/index.js';
export { ALL_RULES, RULESET_VERSION, getRuleCatalog } from './rules/index.js';
export { SCORE_FORMULA, gradeFor, scoreFindings, type Deduction, type Grade, type HealthScore, type SeverityCounts } from './score.js';
export type { Category, Finding, NodeKind, Severity, WorkflowFormat, WorkflowGraph } from './model.js';
export { CATEGORIES, SEVERITIES, WORKFLOW_FORMATS } from './model.js';
export type { RuleMeta } from './rules/rule.js';
