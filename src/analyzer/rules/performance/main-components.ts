import type { AnalysisContext } from '../../context.js';

/**
 * Strongly connected components of the `main` connections (Tarjan, iterative so a 10,000-node
 * chain cannot overflow the stack). Two nodes share a component exactly when each can reach the
 * other, which answers "does this loop output come back?" for every loop in one linear pass.
 * Edges naming unknown nodes are ignored (a structure rule reports them).
 */
export function mainComponents(ctx: AnalysisContext): ReadonlyMap<string, number> {
  return ctx.memo('performance/main-components', () => computeComponents(ctx));
}

function computeComponents(ctx: AnalysisContext): Map<string, number> {
  const names = [...ctx.nodeByName.keys()];
  const indexOf = new Map(names.map((name, i) => [name, i]));
  const successors: number[][] = names.map((name) => {
    const targets: number[] = [];
    for (const edge of ctx.out(name, 'main')) {
      const target = indexOf.get(edge.to);
      if (target !== undefined) targets.push(target);
    }
    return targets;
  });

  const order = new Array<number>(names.length).fill(-1);
  const low = new Array<number>(names.length).fill(0);
  const onStack = new Array<boolean>(names.length).fill(false);
  const component = new Map<string, number>();
  const stack: number[] = [];
  let counter = 0;
  let components = 0;

  for (let root = 0; root < names.length; root++) {
    if (order[root] !== -1) continue;
    // Each frame: node and the position of the next successor to visit.
    const frames: Array<[number, number]> = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const [node, next] = frame;
      const nodeSuccessors = successors[node]!;
      if (next < nodeSuccessors.length) {
        frame[1] = next + 1;
        const target = nodeSuccessors[next]!;
        if (order[target] === -1) {
          order[target] = low[target] = counter++;
          stack.push(target);
          onStack[target] = true;
          frames.push([target, 0]);
        } else if (onStack[target]) {
          low[node] = Math.min(low[node]!, order[target]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[node]!);
      if (low[node] === order[node]) {
        let member: number;
        do {
          member = stack.pop()!;
          onStack[member] = false;
          component.set(names[member]!, components);
        } while (member !== node);
        components++;
      }
    }
  }
  return component;
}
