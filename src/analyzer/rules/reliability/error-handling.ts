import type { WorkflowNode } from '../../model.js';

/**
 * Whether a node does something when it fails other than stopping the workflow: retries, or
 * continues (regular output, error output, or the legacy continueOnFail flag).
 * `onError: 'stopWorkflow'` is n8n's default written out, so it is not handling.
 */
export function nodeHandlesErrors(node: WorkflowNode): boolean {
  return (
    node.retryOnFail === true ||
    node.continueOnFail === true ||
    (node.onError !== undefined && node.onError !== 'stopWorkflow')
  );
}

/** Failures that are worth retrying: the node talks to a service over the network. */
export function callsExternalService(node: WorkflowNode): boolean {
  if (node.kind !== 'ACTION' || node.disabled) return false;
  const dot = node.type.lastIndexOf('.');
  const pkg = node.type.slice(0, dot);
  const short = node.type.slice(dot + 1);
  if (pkg === 'n8n-nodes-base') return !LOCAL_BASE_NODES.has(short);
  // LangChain action nodes (OpenAI, …) call model APIs; community nodes mostly wrap one API.
  return dot !== -1;
}

/**
 * n8n core nodes that transform data, control flow or touch only the n8n host. Everything else
 * in n8n-nodes-base is an app or protocol node (HTTP Request, Gmail, Postgres, SMTP…).
 */
const LOCAL_BASE_NODES = new Set([
  'set', 'noOp', 'splitOut', 'aggregate', 'html', 'xml', 'markdown', 'dateTime', 'crypto', 'sort',
  'limit', 'removeDuplicates', 'summarize', 'itemLists', 'renameKeys', 'compareDatasets',
  'convertToFile', 'extractFromFile', 'moveBinaryData', 'spreadsheetFile', 'readWriteFile',
  'readBinaryFile', 'readBinaryFiles', 'writeBinaryFile', 'executeWorkflow', 'executeCommand',
  'stopAndError', 'editImage', 'executionData', 'compression', 'totp', 'jwt', 'debugHelper',
  'iCal', 'n8nTrainingCustomerDatastore', 'n8nTrainingCustomerMessenger', 'interval',
  'start', 'errorTrigger', 'filter', 'if', 'switch', 'merge', 'wait', 'splitInBatches',
  'code', 'function', 'functionItem', 'respondToWebhook', 'stickyNote', 'form',
  'dataTable', 'evaluation', 'evaluationTrigger', 'aiTransform',
]);
