/**
 * Synthetic n8n workflows of any size with a realistic mix: a schedule trigger, then repeated
 * blocks of HTTP calls, IF branches joined by a Merge, Code nodes, a SplitInBatches loop with
 * its loop-back, a Wait, and sticky notes — the shapes the rules walk. Deterministic.
 */
type Json = Record<string, unknown>;

const BLOCK = ['Fetch', 'Check', 'Shape', 'Transform', 'Join', 'Loop', 'Call', 'Pause', 'Log', 'Note'] as const;

function blockNode(role: (typeof BLOCK)[number], i: number, previous: string): Json {
  const name = `${role} ${i}`;
  const base = { id: `${role.toLowerCase()}-${i}`, name, typeVersion: 1, position: [i * 200, 300] };
  switch (role) {
    case 'Fetch':
      return { ...base, type: 'n8n-nodes-base.httpRequest', retryOnFail: i % 3 === 0, parameters: { url: `https://api.example.com/items/${i}`, method: 'GET', options: {} } };
    case 'Check':
      return { ...base, type: 'n8n-nodes-base.if', typeVersion: 2, parameters: { conditions: { conditions: [{ leftValue: '={{ $json.status }}', rightValue: 'ok', operator: { type: 'string', operation: 'equals' } }] } } };
    case 'Shape':
      return { ...base, type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { assignments: { assignments: [{ name: 'source', value: `={{ $('${previous}').item.json.id }}`, type: 'string' }] } } };
    case 'Transform':
      return { ...base, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: 'const out = [];\nfor (const item of $input.all()) {\n  out.push({ json: { ...item.json, seen: true } });\n}\nreturn out;' } };
    case 'Join':
      return { ...base, type: 'n8n-nodes-base.merge', typeVersion: 3, parameters: {} };
    case 'Loop':
      return { ...base, type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, parameters: { batchSize: 10, options: {} } };
    case 'Call':
      return { ...base, type: 'n8n-nodes-base.httpRequest', onError: i % 2 === 0 ? 'continueRegularOutput' : undefined, parameters: { url: '={{ $json.callback }}', method: 'POST', sendBody: true } };
    case 'Pause':
      return { ...base, type: 'n8n-nodes-base.wait', parameters: { amount: 5, unit: 'seconds' } };
    case 'Log':
      return { ...base, type: 'n8n-nodes-base.slack', parameters: { channel: '#ops', text: `=Block ${i} done: {{ $json.count }}` } };
    case 'Note':
      return { ...base, type: 'n8n-nodes-base.stickyNote', parameters: { content: `## Block ${i}\nFetches, checks and loops over the items.` } };
  }
}

export function syntheticWorkflow(nodeCount: number): Json {
  const nodes: Json[] = [{ id: 'trigger', name: 'Every hour', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, position: [0, 0], parameters: { rule: { interval: [{ field: 'hours' }] } } }];
  const edges: [string, string, number, number][] = [];
  let previous = 'Every hour';
  for (let i = 0; nodes.length < nodeCount; i++) {
    for (const role of BLOCK) {
      if (nodes.length >= nodeCount) break;
      nodes.push(blockNode(role, i, previous));
    }
    const n = (role: string) => `${role} ${i}`;
    edges.push(
      [previous, n('Fetch'), 0, 0],
      [n('Fetch'), n('Check'), 0, 0],
      [n('Check'), n('Shape'), 0, 0],
      [n('Check'), n('Transform'), 1, 0],
      [n('Shape'), n('Join'), 0, 0],
      [n('Transform'), n('Join'), 0, 1],
      [n('Join'), n('Loop'), 0, 0],
      [n('Loop'), n('Call'), 1, 0],
      [n('Call'), n('Loop'), 0, 0],
      [n('Loop'), n('Pause'), 0, 0],
      [n('Pause'), n('Log'), 0, 0],
    );
    previous = n('Log');
  }
  const names = new Set(nodes.map((node) => node.name));
  const connections: Record<string, Record<string, ({ node: string; type: string; index: number }[] | null)[]>> = {};
  for (const [from, to, output, input] of edges) {
    if (!names.has(from) || !names.has(to)) continue; // the last block may be cut short
    const slots = ((connections[from] ??= {}).main ??= []);
    while (slots.length <= output) slots.push(null);
    (slots[output] ??= []).push({ node: to, type: 'main', index: input });
  }
  return { name: `Synthetic ${nodeCount}`, nodes, connections, settings: { executionOrder: 'v1' }, active: true };
}
