import { contentHash } from './content-hash.js';
import { createContext, type AnalysisContext } from './context.js';
import { importWorkflow, INVALID_CONNECTION, INVALID_WORKFLOW } from './importers/index.js';
import { SEVERITIES, type Finding, type FindingDraft, type ImportIssue, type WorkflowFormat, type WorkflowGraph, type WorkflowNode } from './model.js';
import { ALL_RULES, getRule, RULESET_VERSION } from './rules/index.js';
import type { Rule, RuleMeta } from './rules/rule.js';
import { countBySeverity, scoreFindings, type HealthScore, type SeverityCounts } from './score.js';

export interface AnalyzeOptions {
  /** Input format; detected when omitted (`"format": "native"` -> NATIVE, else N8N). */
  format?: WorkflowFormat;
  /** Run only these rule ids (default: every rule). Unknown ids throw a RangeError. */
  rules?: readonly string[];
}

/** A rule that threw: its findings are dropped, the others still run. */
export interface RuleError {
  ruleId: string;
  message: string;
}

export interface AnalysisReport {
  format: WorkflowFormat;
  rulesetVersion: string;
  contentHash: string;
  workflowName: string | null;
  nodeCount: number;
  edgeCount: number;
  score: HealthScore;
  counts: SeverityCounts;
  /** Sorted by severity, rule id, node position, message: the same input gives the same list. */
  findings: Finding[];
  /** Empty unless a rule has a bug; reported rather than hidden so it gets fixed. */
  ruleErrors: RuleError[];
}

/**
 * Meta for the two rules the importers report, used when the catalog does not carry them (or
 * when they were not selected with `rules`): an invalid file must always say why.
 */
const IMPORT_RULE_FALLBACK: Readonly<Record<string, RuleMeta>> = {
  [INVALID_WORKFLOW]: {
    id: INVALID_WORKFLOW,
    category: 'STRUCTURE',
    severity: 'CRITICAL',
    title: 'Not a valid workflow',
    description: 'The file is not a workflow definition the analyzer can read.',
    remediation: 'Export the workflow again from its platform, or fix the field named in the message.',
  },
  [INVALID_CONNECTION]: {
    id: INVALID_CONNECTION,
    category: 'STRUCTURE',
    severity: 'HIGH',
    title: 'Invalid connection',
    description: 'A connection entry is malformed.',
    remediation: 'Reconnect the nodes in the editor so the platform rewrites the connection.',
  },
};

export function analyze(input: unknown, options: AnalyzeOptions = {}): AnalysisReport {
  return analyzeWithRules(input, ALL_RULES, options);
}

/** `analyze` over a given rule list: for tests of the engine itself (a rule that throws…). */
export function analyzeWithRules(input: unknown, catalog: readonly Rule[], options: AnalyzeOptions = {}): AnalysisReport {
  const rules = selectRules(catalog, options.rules);
  const imported = importWorkflow(input, options.format);
  const { graph } = imported;

  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  // Import issues are reported here, once, for every rule id they name; catalog rules must not
  // re-emit them (the dedupe below would hide an identical copy, not a reworded one).
  const nodeByName = new Map(graph.nodes.map((n) => [n.name, n] as const));
  for (const issue of graph.importIssues) {
    if (options.rules && !options.rules.includes(issue.ruleId) && issue.ruleId !== INVALID_WORKFLOW) continue;
    findings.push(issueToFinding(issue, nodeByName));
  }
  // A file that is not a workflow gives nothing the other rules could judge fairly.
  if (!imported.invalid) {
    const ctx = createContext(graph);
    for (const rule of rules) runRule(rule, ctx, findings, ruleErrors);
  }

  const sorted = sortFindings(dedupe(findings), graph);
  return {
    format: imported.format,
    rulesetVersion: RULESET_VERSION,
    contentHash: contentHash(input),
    workflowName: graph.name ?? null,
    nodeCount: graph.nodes.length,
    edgeCount: graph.edges.length,
    score: scoreFindings(sorted),
    counts: countBySeverity(sorted),
    findings: sorted,
    ruleErrors,
  };
}

function selectRules(catalog: readonly Rule[], ids: readonly string[] | undefined): readonly Rule[] {
  if (!ids) return catalog;
  const known = new Set(catalog.map((rule) => rule.id));
  const unknown = ids.filter((id) => !known.has(id) && !Object.hasOwn(IMPORT_RULE_FALLBACK, id));
  if (unknown.length > 0) throw new RangeError(`Unknown rule id(s): ${unknown.join(', ')}`);
  const wanted = new Set(ids);
  return catalog.filter((rule) => wanted.has(rule.id));
}

function runRule(rule: Rule, ctx: AnalysisContext, findings: Finding[], ruleErrors: RuleError[]) {
  const own: Finding[] = [];
  try {
    for (const draft of rule.check(ctx)) own.push(draftToFinding(draft, rule));
  } catch (error) {
    // A half-finished rule's findings depend on where it broke: drop them all, keep going.
    ruleErrors.push({ ruleId: rule.id, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  for (const finding of own) findings.push(finding);
}

function draftToFinding(draft: FindingDraft, rule: RuleMeta): Finding {
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: draft.severity ?? rule.severity,
    nodeId: draft.node ? draft.node.id || null : null,
    nodeName: draft.node ? draft.node.name : null,
    message: draft.message,
    remediation: draft.remediation ?? rule.remediation,
  };
}

function issueToFinding(issue: ImportIssue, nodeByName: ReadonlyMap<string, WorkflowNode>): Finding {
  const meta = getRule(issue.ruleId) ?? (Object.hasOwn(IMPORT_RULE_FALLBACK, issue.ruleId) ? IMPORT_RULE_FALLBACK[issue.ruleId] : undefined) ?? IMPORT_RULE_FALLBACK[INVALID_CONNECTION]!;
  const node = issue.nodeName === undefined ? undefined : nodeByName.get(issue.nodeName);
  return {
    ruleId: issue.ruleId,
    category: meta.category,
    severity: meta.severity,
    nodeId: node ? node.id || null : null,
    nodeName: node ? node.name : null,
    message: issue.message,
    remediation: meta.remediation,
  };
}

function findingKey(f: Finding): string {
  return JSON.stringify([f.ruleId, f.severity, f.nodeId, f.nodeName, f.message, f.remediation]);
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = findingKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Severity, rule id, node position (workflow-level first), message; then the rest for totality. */
function sortFindings(findings: Finding[], graph: WorkflowGraph): Finding[] {
  const indexByName = new Map<string, number>();
  for (const node of graph.nodes) if (!indexByName.has(node.name)) indexByName.set(node.name, node.index);
  const position = (f: Finding) =>
    f.nodeName === null ? -1 : (indexByName.get(f.nodeName) ?? Number.MAX_SAFE_INTEGER);
  const severityRank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  const decorated = findings.map((f) => ({ f, rank: severityRank(f), pos: position(f), key: findingKey(f) }));
  decorated.sort(
    (a, b) =>
      a.rank - b.rank ||
      cmp(a.f.ruleId, b.f.ruleId) ||
      a.pos - b.pos ||
      cmp(a.f.message, b.f.message) ||
      cmp(a.key, b.key),
  );
  return decorated.map((d) => d.f);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
