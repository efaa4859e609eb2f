import type { AnalysisContext } from './context.js';
import type { WorkflowEdge, WorkflowNode } from './model.js';
import { isAiConnectionType, isTriggerKind, MAIN_CONNECTION } from './node-types.js';

/**
 * Shared graph facts for the rules, each computed once per analysis through `ctx.memo` and in
 * time linear in nodes + edges. Everything here is iterative: a 10,000-node chain or cycle must
 * not exhaust the call stack.
 *
 * Nodes are addressed by their position in `graph.nodes` (`node.index`). Edges name nodes, so a
 * name shared by two nodes resolves to the first (`ctx.nodeByName`); the duplicate itself is a
 * finding of its own.
 */

export function isSticky(node: WorkflowNode): boolean {
  return node.kind === 'NOTE';
}

export function isTrigger(node: WorkflowNode): boolean {
  return isTriggerKind(node.kind);
}

/** The `{ id, name }` a finding carries. */
export function nodeRef(node: WorkflowNode): Pick<WorkflowNode, 'id' | 'name'> {
  return { id: node.id, name: node.name };
}

/** Edges whose both ends name an existing node, split by family, as node-index adjacency. */
export interface IndexedGraph {
  /** `main` successors of each node (may repeat when two outputs go to the same node). */
  mainOut: number[][];
  /** `main` edges leaving each node, with the resolved target index, in definition order. */
  mainOutEdges: { edge: WorkflowEdge; to: number }[][];
  /** Incoming `main` edges of each node, with the resolved source index. */
  mainInEdges: { edge: WorkflowEdge; from: number }[][];
  /** Sources of ai_* edges arriving at each node (the sub-nodes feeding a root). */
  aiIn: number[][];
  /** Targets of ai_* edges leaving each node (the roots a sub-node feeds). */
  aiOut: number[][];
}

export function indexedGraph(ctx: AnalysisContext): IndexedGraph {
  return ctx.memo('graph:indexed', () => {
    const n = ctx.nodes.length;
    const g: IndexedGraph = {
      mainOut: emptyLists(n),
      mainOutEdges: emptyLists(n),
      mainInEdges: emptyLists(n),
      aiIn: emptyLists(n),
      aiOut: emptyLists(n),
    };
    for (const edge of ctx.graph.edges) {
      const from = ctx.nodeByName.get(edge.from);
      const to = ctx.nodeByName.get(edge.to);
      if (!from || !to) continue; // dangling: reported by structure/dangling-connection
      if (edge.type === MAIN_CONNECTION) {
        g.mainOut[from.index]!.push(to.index);
        g.mainOutEdges[from.index]!.push({ edge, to: to.index });
        g.mainInEdges[to.index]!.push({ edge, from: from.index });
      } else if (isAiConnectionType(edge.type)) {
        g.aiOut[from.index]!.push(to.index);
        g.aiIn[to.index]!.push(from.index);
      }
    }
    return g;
  });
}

function emptyLists<T>(n: number): T[][] {
  return Array.from({ length: n }, () => []);
}

/** n8n's legacy Start node: every workflow had one, left unconnected once a real trigger came. */
export const LEGACY_START_TYPE = 'n8n-nodes-base.start';

/**
 * Nodes in no connection at all, counting every connection type and dangling ones (a node with
 * only a broken connection is reported as dangling, not as orphan). Sticky notes are never
 * orphans; AI sub-nodes are left to structure/ai-subnode-detached, which says more precisely
 * what is missing; the legacy Start node is reported as a legacy node only. A workflow with a
 * single real node has nothing to connect it to: not orphan.
 */
export function orphanNodes(ctx: AnalysisContext): ReadonlySet<number> {
  return ctx.memo('graph:orphans', () => {
    const orphans = new Set<number>();
    const real = ctx.nodes.filter((node) => !isSticky(node));
    if (real.length < 2) return orphans;
    for (const node of real) {
      if (node.kind === 'AI_SUBNODE' || node.type === LEGACY_START_TYPE) continue;
      if (ctx.out(node.name).length === 0 && ctx.in(node.name).length === 0) orphans.add(node.index);
    }
    return orphans;
  });
}

/** Any node of a trigger kind, enabled or not. */
export function triggerNodes(ctx: AnalysisContext): readonly WorkflowNode[] {
  return ctx.memo('graph:triggers', () => ctx.nodes.filter(isTrigger));
}

/**
 * Whether n8n runs this workflow with its legacy execution order ("v0"): every workflow saved
 * before n8n 1.0, and any whose `settings.executionOrder` is not `v1`.
 */
export function usesLegacyExecutionOrder(ctx: AnalysisContext): boolean {
  return ctx.graph.format === 'N8N' && ctx.graph.settings.executionOrder !== 'v1';
}

/**
 * Nodes a run can reach: breadth-first from every trigger along `main` edges; a node reached
 * also reaches, backwards, the sub-nodes feeding it through ai_* edges (a model attached to a
 * reachable agent runs when the agent runs; a sub-node of a sub-node likewise). Disabled
 * triggers count as starts: their flow is reported by the disabled-node and trigger rules.
 *
 * Under the legacy execution order, when a node with several inputs (a Merge) gets data on one
 * input only, n8n looks up the parents of the missing input and runs the first one that has no
 * input of its own (WorkflowExecute, v0 branch). So a reached Merge also reaches, backwards,
 * every node upstream of it, and from those everything downstream.
 */
export function reachableFromTriggers(ctx: AnalysisContext): Uint8Array {
  return ctx.memo('graph:reachable', () => {
    const g = indexedGraph(ctx);
    const legacyOrder = usesLegacyExecutionOrder(ctx);
    const seen = new Uint8Array(ctx.nodes.length);
    // Nodes whose parents were already walked backwards (legacy order only): each once.
    const parentsWalked = new Uint8Array(ctx.nodes.length);
    const queue: number[] = [];
    const backward: number[] = [];
    for (const trigger of triggerNodes(ctx)) visit(trigger.index);
    let head = 0;
    while (head < queue.length || backward.length > 0) {
      if (head < queue.length) {
        const at = queue[head++]!;
        for (const next of g.mainOut[at]!) visit(next);
        for (const subNode of g.aiIn[at]!) visit(subNode);
        if (legacyOrder && hasSeveralInputs(ctx.nodes[at]!, g.mainInEdges[at]!)) walkParents(at);
        continue;
      }
      const at = backward.pop()!;
      for (const { from } of g.mainInEdges[at]!) {
        visit(from);
        walkParents(from);
      }
    }
    return seen;

    function visit(index: number) {
      if (seen[index]) return;
      seen[index] = 1;
      queue.push(index);
    }
    function walkParents(index: number) {
      if (parentsWalked[index]) return;
      parentsWalked[index] = 1;
      backward.push(index);
    }
  });
}

function hasSeveralInputs(node: WorkflowNode, incoming: readonly { edge: WorkflowEdge }[]): boolean {
  return node.kind === 'MERGE' || incoming.some(({ edge }) => edge.inputIndex >= 1);
}

/** Multi-source forward breadth-first search over `main` edges. */
export function forwardClosure(ctx: AnalysisContext, starts: Iterable<number>): Uint8Array {
  const g = indexedGraph(ctx);
  return closure(ctx.nodes.length, starts, (at) => g.mainOut[at]!);
}

/** Nodes from which one of `targets` can be reached over `main` edges. */
export function backwardClosure(ctx: AnalysisContext, targets: Iterable<number>): Uint8Array {
  const g = indexedGraph(ctx);
  return closure(ctx.nodes.length, targets, (at) => g.mainInEdges[at]!.map((e) => e.from));
}

function closure(n: number, starts: Iterable<number>, next: (at: number) => Iterable<number>) {
  const seen = new Uint8Array(n);
  const queue: number[] = [];
  for (const start of starts) {
    if (!seen[start]) {
      seen[start] = 1;
      queue.push(start);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const to of next(queue[head]!)) {
      if (!seen[to]) {
        seen[to] = 1;
        queue.push(to);
      }
    }
  }
  return seen;
}

export interface Components {
  /** Component number of each node. */
  componentOf: Int32Array;
  /** Node indexes of each component. */
  members: number[][];
}

/**
 * Strongly connected components of the `main` graph: Tarjan's algorithm with an explicit stack
 * (each frame remembers which successor it resumes at), so depth is bounded by memory rather
 * than by the call stack.
 */
export function stronglyConnectedComponents(ctx: AnalysisContext): Components {
  return ctx.memo('graph:scc', () => {
    const { mainOut } = indexedGraph(ctx);
    const n = ctx.nodes.length;
    const order = new Int32Array(n).fill(-1); // discovery order, -1 = unvisited
    const low = new Int32Array(n);
    const onStack = new Uint8Array(n);
    const componentOf = new Int32Array(n).fill(-1);
    const members: number[][] = [];
    const tarjanStack: number[] = [];
    const callStack: { node: number; next: number }[] = [];
    let counter = 0;

    for (let root = 0; root < n; root++) {
      if (order[root] !== -1) continue;
      enter(root);
      while (callStack.length > 0) {
        const frame = callStack[callStack.length - 1]!;
        const successors = mainOut[frame.node]!;
        if (frame.next < successors.length) {
          const to = successors[frame.next++]!;
          if (order[to] === -1) enter(to);
          else if (onStack[to]) low[frame.node] = Math.min(low[frame.node]!, order[to]!);
          continue;
        }
        callStack.pop();
        const parent = callStack[callStack.length - 1];
        if (parent) low[parent.node] = Math.min(low[parent.node]!, low[frame.node]!);
        if (low[frame.node] === order[frame.node]) {
          const component: number[] = [];
          let member: number;
          do {
            member = tarjanStack.pop()!;
            onStack[member] = 0;
            componentOf[member] = members.length;
            component.push(member);
          } while (member !== frame.node);
          members.push(component);
        }
      }
    }
    return { componentOf, members };

    function enter(node: number) {
      order[node] = low[node] = counter++;
      tarjanStack.push(node);
      onStack[node] = 1;
      callStack.push({ node, next: 0 });
    }
  });
}

/**
 * Calls `visit` for every string inside a parameter tree, with an explicit stack and a depth
 * guard (a pathological or cyclic object must not hang or overflow the analysis).
 */
export function forEachString(value: unknown, visit: (text: string) => void, maxDepth = 64): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') visit(current);
    else if (current !== null && typeof current === 'object' && depth < maxDepth) {
      const children = Array.isArray(current) ? current : Object.values(current);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], depth: depth + 1 });
    }
  }
}

/** `1, 2 and 3`-style list of quoted names, shortened after `max`. */
export function quotedList(names: readonly string[], max = 5): string {
  const quoted = names.slice(0, max).map((name) => `"${name}"`);
  if (names.length > max) return `${quoted.join(', ')} and ${names.length - max} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
