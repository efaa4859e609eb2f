import type { WorkflowNode } from '../../model.js';

/**
 * What the structure rules know about a branching node's outputs, read from its parameters the
 * way n8n itself derives them (Switch V1/V2/V3 `outputs`, IF's fixed true/false pair). `null`
 * whenever the shape is not known: a rule must then stay silent rather than guess.
 */

export interface BranchOutput {
  index: number;
  /** How the output is shown in the editor: `true`, `false`, a renamed Switch output, `2`… */
  label: string;
}

const IF_TYPE = 'n8n-nodes-base.if';
const SWITCH_TYPE = 'n8n-nodes-base.switch';
const SPLIT_IN_BATCHES_TYPE = 'n8n-nodes-base.splitInBatches';
const MERGE_TYPE = 'n8n-nodes-base.merge';

/** Which output of a Loop Over Items (SplitInBatches) node does what. */
export interface LoopOutputs {
  /** Gets every processed item once all batches are through. */
  done: number;
  /** Gets the next batch; the loop body starts here and must come back. */
  loop: number;
}

/**
 * The outputs of a SplitInBatches node by version, as n8n's node sources declare them
 * (packages/nodes-base/nodes/SplitInBatches/v1..v3, `outputNames`):
 * - V1: one output, the batch; the node stops by itself when its input is used up (null here);
 * - V2: `['loop', 'done']`, so loop = 0, done = 1;
 * - V3 (the default since "Loop Over Items") and later: `['done', 'loop']`, so done = 0, loop = 1.
 * A NATIVE `LOOP` node follows V3 (output 0 = done, 1 = loop). Null for any other node.
 */
export function loopOutputs(node: WorkflowNode): LoopOutputs | null {
  if (node.type === SPLIT_IN_BATCHES_TYPE) {
    const version = node.typeVersion ?? 1;
    if (version < 2) return null;
    return version < 3 ? { loop: 0, done: 1 } : { done: 0, loop: 1 };
  }
  if (node.kind === 'LOOP' && !node.type.includes('.')) return { done: 0, loop: 1 };
  return null;
}

/** IF (n8n) or a NATIVE condition: output 0 = true, 1 = false. */
export function isTwoWayCondition(node: WorkflowNode): boolean {
  return node.type === IF_TYPE || (node.kind === 'CONDITION' && !node.type.includes('.'));
}

/**
 * The outputs a user routes items to: for IF both; for a Switch only the outputs some rule (or
 * the fallback) can send to — Switch V1 always has four outputs but its rules may use two.
 */
export function branchOutputs(node: WorkflowNode): BranchOutput[] | null {
  if (isTwoWayCondition(node)) {
    return [
      { index: 0, label: 'true' },
      { index: 1, label: 'false' },
    ];
  }
  if (node.type === SWITCH_TYPE) return switchOutputs(node);
  return null;
}

function switchOutputs(node: WorkflowNode): BranchOutput[] | null {
  const p = node.parameters;
  const version = node.typeVersion ?? 1;
  const mode = typeof p.mode === 'string' ? p.mode : 'rules'; // n8n's default in every version

  if (version < 2) {
    // V1: four fixed outputs; rules say which they use (`output`, default 0), plus the fallback.
    if (mode === 'expression') {
      const output = p.output ?? 0; // n8n's default; an expression means any of the four
      return typeof output === 'number' && isOutputIndex(output) ? [numbered(output)] : null;
    }
    const used = new Set<number>();
    for (const rule of listAt(p.rules, 'rules')) {
      const output = isRecord(rule) && rule.output !== undefined ? rule.output : 0;
      if (typeof output !== 'number') return null; // an expression: cannot tell
      if (isOutputIndex(output)) used.add(output);
    }
    if (typeof p.fallbackOutput === 'number' && isOutputIndex(p.fallbackOutput)) used.add(p.fallbackOutput);
    return [...used].sort((a, b) => a - b).map(numbered);
  }

  if (mode === 'expression') {
    // V2 `outputsAmount`, V3 `numberOutputs`, both defaulting to 4.
    const count = version < 3 ? (p.outputsAmount ?? 4) : (p.numberOutputs ?? 4);
    return typeof count === 'number' && isOutputIndex(count) ? range(count).map(numbered) : null;
  }

  // V2: one output per `rules.rules` entry. V3: one per `rules.values` entry, plus an extra
  // fallback output when `options.fallbackOutput` is 'extra' (a number reuses a rule's output).
  const rules = version < 3 ? listAt(p.rules, 'rules') : listAt(p.rules, 'values');
  const outputs = rules.map((rule, index) => ({ index, label: ruleLabel(rule, index, version) }));
  const options = isRecord(p.options) ? p.options : {};
  if (version >= 3 && options.fallbackOutput === 'extra') {
    outputs.push({ index: outputs.length, label: 'Fallback' });
  }
  return outputs;
}

function ruleLabel(rule: unknown, index: number, version: number): string {
  if (!isRecord(rule) || typeof rule.outputKey !== 'string' || rule.outputKey === '') return String(index);
  // V3 shows the key only when the rule is renamed; V2 always names outputs by their key.
  if (version >= 3 && rule.renameOutput !== true) return String(index);
  return rule.outputKey;
}

/**
 * How many `main` outputs a node has, when knowable: IF 2, Switch (all four in V1), Merge 1,
 * SplitInBatches 1 (V1) or 2 (done, loop), plus n8n's extra error output under
 * `onError: continueErrorOutput`. Other nodes: null (apps have one to several outputs).
 */
export function mainOutputCount(node: WorkflowNode): number | null {
  const base = baseOutputCount(node);
  if (base === null) return null;
  return base + (node.onError === 'continueErrorOutput' ? 1 : 0);
}

function baseOutputCount(node: WorkflowNode): number | null {
  if (node.kind === 'NOTE') return 0;
  if (isTwoWayCondition(node)) return 2;
  if (node.type === MERGE_TYPE) return 1;
  if (node.type === SPLIT_IN_BATCHES_TYPE) return (node.typeVersion ?? 1) < 2 ? 1 : 2;
  if (node.type === SWITCH_TYPE) {
    if ((node.typeVersion ?? 1) < 2) return 4;
    const outputs = switchOutputs(node);
    return outputs ? outputs.length : null;
  }
  return null;
}

/** How many inputs a Merge waits for: 2 in V1/V2, `numberInputs` (default 2) from V3 on. */
export function mergeInputCount(node: WorkflowNode): number | null {
  if (node.type !== MERGE_TYPE && !(node.kind === 'MERGE' && !node.type.includes('.'))) return null;
  if (node.type === MERGE_TYPE && (node.typeVersion ?? 1) < 3) return 2;
  const count = node.parameters.numberInputs ?? 2;
  return typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : null;
}

function listAt(container: unknown, key: string): unknown[] {
  if (!isRecord(container)) return [];
  const list = container[key];
  return Array.isArray(list) ? list : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOutputIndex(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value < 1000;
}

function numbered(index: number): BranchOutput {
  return { index, label: String(index) };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
