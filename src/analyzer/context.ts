import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from './model.js';

/**
 * Indexes over one workflow graph, built once per analysis so that every rule stays linear in
 * nodes + edges. Derived sets that only some rules need (reachability) are computed lazily and
 * memoized by whoever adds them here — add shared graph facts here rather than in a rule.
 */
export interface AnalysisContext {
  graph: WorkflowGraph;
  nodes: readonly WorkflowNode[];
  /** First node with each name (duplicates are a finding, not a crash). */
  nodeByName: ReadonlyMap<string, WorkflowNode>;
  /** Outgoing edges by source name, all connection types, in definition order. */
  outgoing: ReadonlyMap<string, readonly WorkflowEdge[]>;
  /** Incoming edges by target name. */
  incoming: ReadonlyMap<string, readonly WorkflowEdge[]>;
  /** Outgoing edges of one node (empty array when none). */
  out(name: string, type?: string): readonly WorkflowEdge[];
  /** Incoming edges of one node (empty array when none). */
  in(name: string, type?: string): readonly WorkflowEdge[];
  /** Memo for derived facts shared by several rules (key -> value computed once). */
  memo<T>(key: string, compute: () => T): T;
}

const EMPTY: readonly WorkflowEdge[] = Object.freeze([]);

export function createContext(graph: WorkflowGraph): AnalysisContext {
  const nodeByName = new Map<string, WorkflowNode>();
  for (const node of graph.nodes) if (!nodeByName.has(node.name)) nodeByName.set(node.name, node);

  const outgoing = new Map<string, WorkflowEdge[]>();
  const incoming = new Map<string, WorkflowEdge[]>();
  for (const edge of graph.edges) {
    push(outgoing, edge.from, edge);
    push(incoming, edge.to, edge);
  }

  const memoStore = new Map<string, unknown>();
  const filter = (edges: readonly WorkflowEdge[] | undefined, type?: string) =>
    !edges ? EMPTY : type === undefined ? edges : edges.filter((e) => e.type === type);

  return {
    graph,
    nodes: graph.nodes,
    nodeByName,
    outgoing,
    incoming,
    out: (name, type) => filter(outgoing.get(name), type),
    in: (name, type) => filter(incoming.get(name), type),
    memo<T>(key: string, compute: () => T): T {
      if (!memoStore.has(key)) memoStore.set(key, compute());
      return memoStore.get(key) as T;
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
