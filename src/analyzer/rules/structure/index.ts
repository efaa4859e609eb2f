import type { Rule } from '../rule.js';
import { aiSubnodeDetached } from './ai-subnode-detached.js';
import { brokenExpression } from './broken-expression.js';
import { brokenNodeReference } from './broken-node-reference.js';
import { connectionById } from './connection-by-id.js';
import { danglingConnection } from './dangling-connection.js';
import { duplicateNodeId } from './duplicate-node-id.js';
import { duplicateNodeName } from './duplicate-node-name.js';
import { exitlessCycle } from './exitless-cycle.js';
import { invalidConnection } from './invalid-connection.js';
import { invalidWorkflow } from './invalid-workflow.js';
import { manualTriggerOnly } from './manual-trigger-only.js';
import { mergeMissingInput } from './merge-missing-input.js';
import { noTrigger } from './no-trigger.js';
import { orphanNode } from './orphan-node.js';
import { unconnectedBranch } from './unconnected-branch.js';
import { unreachableNode } from './unreachable-node.js';
import { webhookResponseMismatch } from './webhook-response-mismatch.js';

/** Structure rules: the shape of the workflow graph itself (RULES.md, category "structure"). */
export const structureRules: Rule[] = [
  invalidWorkflow,
  duplicateNodeName,
  duplicateNodeId,
  danglingConnection,
  connectionById,
  invalidConnection,
  noTrigger,
  manualTriggerOnly,
  orphanNode,
  unreachableNode,
  exitlessCycle,
  unconnectedBranch,
  mergeMissingInput,
  aiSubnodeDetached,
  brokenNodeReference,
  webhookResponseMismatch,
  brokenExpression,
];
