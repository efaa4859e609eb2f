import type { WorkflowNode } from '../../model.js';
import { shortType } from '../node-display-names.js';

/**
 * How many regular main outputs a node has. With `onError: continueErrorOutput` n8n adds one
 * more output after them for failed items, so its index is this count. Undefined when it depends
 * on configuration we do not model (classifier categories…): better no finding than a wrong one.
 */
export function regularOutputCount(node: WorkflowNode): number | undefined {
  const short = shortType(node.type);
  switch (short) {
    case 'if':
      return 2;
    case 'splitInBatches':
      return (node.typeVersion ?? 1) >= 2 ? 2 : 1; // V2 [loop, done], V3 [done, loop], V1 one
    case 'compareDatasets':
      return 4;
    case 'switch':
      return switchOutputCount(node.parameters, node.typeVersion ?? 1);
    case 'textClassifier':
    case 'sentimentAnalysis':
      return undefined;
    default:
      return 1;
  }
}

/** Switch v3: one output per rule, plus a "fallback" output when set to 'extra'. */
function switchOutputCount(parameters: Record<string, unknown>, version: number): number | undefined {
  if (version < 3) return undefined; // v1/v2 outputs are numbered by each rule's `output` field
  if (parameters.mode === 'expression') {
    return typeof parameters.numberOutputs === 'number' ? parameters.numberOutputs : undefined;
  }
  const rules = (parameters.rules as { values?: unknown } | undefined)?.values;
  if (!Array.isArray(rules)) return undefined;
  const options = parameters.options as { fallbackOutput?: unknown } | undefined;
  return rules.length + (options?.fallbackOutput === 'extra' ? 1 : 0);
}
