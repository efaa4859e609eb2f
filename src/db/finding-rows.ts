import type { Finding } from '../analyzer/model.js';

/** The fields of a finding that are stored (the severity and category as their text). */
export type StoredFinding = Pick<Finding, 'ruleId' | 'nodeId' | 'nodeName' | 'message' | 'remediation'> & { severity: string; category: string };

/**
 * Findings as `findings` table rows in report order, for one `jsonb_to_recordset` insert: the
 * synchronous analysis and the job worker store them the same way.
 */
export function findingRows(findings: readonly StoredFinding[]) {
  return findings.map((f, position) => ({
    position,
    rule_id: f.ruleId,
    severity: f.severity,
    category: f.category,
    node_id: f.nodeId,
    node_name: f.nodeName,
    message: f.message,
    remediation: f.remediation,
  }));
}
