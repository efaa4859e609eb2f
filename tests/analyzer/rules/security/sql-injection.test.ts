import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/sql-injection';

function queryNode(query: string, type = 'postgres', extra: Record<string, unknown> = {}) {
  return n8nWorkflow({
    nodes: [node('Find customer', type, { typeVersion: 2.5, parameters: { operation: 'executeQuery', query, ...extra } })],
  });
}

describe(RULE, () => {
  it.each(['postgres', 'mySql', 'microsoftSql', 'postgresTool'])('flags a %s query spliced from an expression', (type) => {
    const findings = runRule(queryNode("=SELECT * FROM customers WHERE email = '{{ $json.email }}'", type), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Find customer', severity: 'HIGH' });
    expect(findings[0]!.message).toContain('expression instead of query parameters');
  });

  it('says so when an AI agent writes the whole query', () => {
    const [finding] = runRule(queryNode('{{ $fromAI("sql_query", "SQL Query") }}', 'postgresTool'), RULE);
    expect(finding!.message).toContain('$fromAI');
  });

  it('accepts placeholders with query parameters', () => {
    const wf = queryNode('SELECT * FROM customers WHERE email = $1', 'postgres', {
      options: { queryReplacement: '={{ $json.email }}' },
    });
    expect(runRule(wf, RULE)).toEqual([]);
  });

  it('ignores operations other than executeQuery', () => {
    const wf = n8nWorkflow({
      nodes: [node('Insert', 'postgres', { parameters: { operation: 'insert', query: '={{ $json.sql }}' } })],
    });
    expect(runRule(wf, RULE)).toEqual([]);
  });

  it.each([
    ['DELETE', 'DELETE FROM sessions;'],
    ['UPDATE', "UPDATE users SET active = false -- WHERE id = 1\n"],
  ])('flags %s without WHERE, ignoring a WHERE in a comment', (verb, query) => {
    const findings = runRule(queryNode(query, 'mySql'), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain(`${verb} without a WHERE clause`);
  });

  it('accepts DELETE and UPDATE with WHERE, and a WHERE-less SELECT', () => {
    const query = "DELETE FROM sessions WHERE expires_at < now(); UPDATE users SET seen = 1 WHERE id = $1; SELECT * FROM users";
    expect(runRule(queryNode(query), RULE)).toEqual([]);
  });
});
