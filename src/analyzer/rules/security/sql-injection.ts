import { defineRule } from '../rule.js';
import type { FindingDraft, WorkflowNode } from '../../model.js';
import { describeNode, shortType } from '../node-display-names.js';

/** SQL database nodes (and their AI tool variants) whose `executeQuery` runs `query` as written. */
const SQL_NODE_TYPES = new Set([
  'postgres',
  'mySql',
  'microsoftSql',
  'crateDb',
  'questDb',
  'timescaleDb',
  'snowflake',
  'oracleDatabase',
]);

function isSqlNode(node: WorkflowNode): boolean {
  const short = shortType(node.type);
  return SQL_NODE_TYPES.has(short.endsWith('Tool') ? short.slice(0, -4) : short);
}

export const sqlInjection = defineRule({
  id: 'security/sql-injection',
  category: 'SECURITY',
  severity: 'HIGH',
  title: 'SQL built from expressions',
  description:
    'A database query with data spliced in through an expression ({{ … }}) instead of query parameters, so input can rewrite the statement; or a DELETE / UPDATE without WHERE, which touches every row.',
  remediation:
    'Use placeholders ($1, $2… or ?) in the query and pass the values in the node\'s Query Parameters option; add a WHERE clause to DELETE and UPDATE statements.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (!isSqlNode(node)) continue;
      const { operation, query } = node.parameters;
      if (typeof query !== 'string' || (operation !== undefined && operation !== 'executeQuery')) continue;
      yield* queryFindings(node, query);
    }
  },
});

function* queryFindings(node: WorkflowNode, query: string): Generator<FindingDraft> {
  if (query.includes('{{')) {
    const fromAi = /\$fromAI\s*\(/.test(query);
    yield {
      node,
      message: fromAi
        ? `${describeNode(node)} runs SQL written by an AI agent ($fromAI): a prompt can make it run any statement`
        : `${describeNode(node)} builds its SQL query from an expression instead of query parameters`,
      ...(fromAi && {
        remediation:
          'Give the agent fixed queries with $fromAI() values passed as query parameters, and a database user limited to read access on the tables it needs.',
      }),
    };
  }
  const unbounded = unboundedStatement(query);
  if (unbounded) {
    yield {
      node,
      message: `${describeNode(node)} runs ${unbounded} without a WHERE clause: it affects every row of the table`,
      remediation: `Add a WHERE clause to the ${unbounded} statement (or use TRUNCATE explicitly if emptying the table is intended).`,
    };
  }
}

/** 'DELETE' / 'UPDATE' when a statement of the query has no WHERE; literals and comments ignored. */
function unboundedStatement(query: string): 'DELETE' | 'UPDATE' | null {
  const code = (query.startsWith('=') ? query.slice(1) : query)
    .replace(/\{\{[\s\S]*?\}\}/g, ' ? ')
    .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
  for (const statement of code.split(';')) {
    const verb = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(DELETE|UPDATE)\b/i.exec(statement)?.[1]?.toUpperCase();
    if ((verb === 'DELETE' || verb === 'UPDATE') && !/\bWHERE\b/i.test(statement)) return verb;
  }
  return null;
}
