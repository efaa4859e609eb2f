import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, RuleMeta, Severity } from '../analyzer/index.js';
import type { WorkflowLocator } from './json-locations.js';

/**
 * SARIF 2.1.0 (OASIS) output for code-scanning tools: one run, the rule catalog as the driver's
 * rules, one result per finding located at the start of its node's object in the file (the file's
 * start for workflow-level findings, the parse error for invalid JSON). Files that could not be
 * read become tool execution notifications. tests/analyzer/cli.test.ts validates it against the
 * published schema.
 */

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Relative artifact URIs resolve against this base, given in the run as the current folder. */
const SOURCE_ROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note', INFO: 'note' };

/** GitHub code scanning ranks security results by this number (≥ 9 critical, ≥ 7 high, ≥ 4 medium, else low). */
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '3.0', INFO: '1.0' };

export interface SarifResult {
  ruleId: string;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number };
    };
    logicalLocations?: { name: string; kind: string }[];
  }[];
  properties: { severity: Severity; category: string };
}

export interface SarifNotification {
  file: string;
  message: string;
}

/** One file's findings as SARIF results (built where the file's text is, in the worker). */
export function sarifResults(file: string, findings: readonly Finding[], locator: WorkflowLocator): SarifResult[] {
  const artifactLocation = artifactFor(file);
  return findings.map((finding) => {
    const { line, column } = locator.locate(finding.nodeId, finding.nodeName);
    return {
      ruleId: finding.ruleId,
      level: LEVELS[finding.severity],
      message: { text: `${finding.message} Fix: ${finding.remediation}` },
      locations: [
        {
          physicalLocation: { artifactLocation, region: { startLine: line, startColumn: column } },
          ...(finding.nodeName !== null ? { logicalLocations: [{ name: finding.nodeName, kind: 'object' }] } : {}),
        },
      ],
      properties: { severity: finding.severity, category: finding.category },
    };
  });
}

/** The whole log: the catalog's rules (plus any rule a result names that the catalog lacks). */
export function sarifLog(input: {
  toolVersion: string;
  rules: readonly RuleMeta[];
  results: readonly SarifResult[];
  notifications: readonly SarifNotification[];
  cwd: string;
}): object {
  const rules = [...input.rules];
  const known = new Set(rules.map((r) => r.id));
  for (const result of input.results) {
    if (known.has(result.ruleId)) continue;
    known.add(result.ruleId);
    rules.push({
      id: result.ruleId,
      category: result.properties.category as RuleMeta['category'],
      severity: result.properties.severity,
      title: result.ruleId,
      description: result.ruleId,
      remediation: '',
    });
  }
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'workflow-health',
            version: input.toolVersion,
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id.split('/')[1],
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              ...(rule.remediation ? { help: { text: rule.remediation } } : {}),
              defaultConfiguration: { level: LEVELS[rule.severity] },
              properties: {
                category: rule.category,
                severity: rule.severity,
                tags: [rule.category.toLowerCase()],
                ...(rule.category === 'SECURITY' ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : {}),
              },
            })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(input.cwd.endsWith(path.sep) ? input.cwd : `${input.cwd}${path.sep}`).href } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: input.notifications.map((n) => ({
              level: 'error',
              message: { text: `${n.file}: ${n.message}` },
              locations: [{ physicalLocation: { artifactLocation: artifactFor(n.file) } }],
            })),
          },
        ],
        results: input.results.map((result) => ({ ...result, ruleIndex: ruleIndex.get(result.ruleId) })),
      },
    ],
  };
}

/** A path relative to the current folder (as printed) -> a relative URI under %SRCROOT%, or an absolute file URI outside it. */
function artifactFor(file: string): { uri: string; uriBaseId?: string } {
  if (path.isAbsolute(file) || file.split(path.sep)[0] === '..') return { uri: pathToFileURL(path.resolve(file)).href };
  return { uri: file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}
