import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const ID = 'structure/broken-node-reference';

function workflowReading(parameters: Record<string, unknown>, type = 'set') {
  return n8nWorkflow({
    nodes: [node('Webhook', 'webhook'), node('Fetch User', 'httpRequest'), node('Use', type, { parameters })],
    connections: connections(['Webhook', 'Fetch User'], ['Fetch User', 'Use']),
  });
}

describe('structure/broken-node-reference', () => {
  it.each([
    ["$('Name')", "={{ $('Get User').item.json.email }}"],
    ['$("Name")', '={{ $("Get User").first().json.email }}'],
    ['$node["Name"]', '={{ $node["Get User"].json.email }}'],
    ["$node['Name']", "={{ $node['Get User'].json.email }}"],
    ['$items("Name")', '={{ $items("Get User")[0].json.email }}'],
  ])('reports %s naming a node that does not exist', (_form, expression) => {
    const findings = structureFindings(workflowReading({ value: expression }), ID);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      nodeName: 'Use',
      severity: 'HIGH',
      message: 'Node "Use" refers to node "Get User", which does not exist',
    });
  });

  it('reports $node.Name and finds references deep in nested parameters and code', () => {
    const parameters = {
      assignments: { assignments: [{ name: 'x', value: '={{ $node.Gone.json.x }}' }] },
      jsCode: "const rows = $('Old Query').all();\nreturn rows;",
    };
    const findings = structureFindings(workflowReading(parameters, 'code'), ID);
    expect(findings.map((f) => f.message)).toEqual([
      'Node "Use" refers to node "Gone", which does not exist',
      'Node "Use" refers to node "Old Query", which does not exist',
    ]);
  });

  it('reports a missing node once per referring node, however often it is named', () => {
    const parameters = { a: "={{ $('Gone').item.json.a }}", b: "={{ $('Gone').item.json.b }}" };
    expect(structureFindings(workflowReading(parameters), ID)).toHaveLength(1);
  });

  it('stays silent when references name existing nodes, including names with quotes and spaces', () => {
    const wf = n8nWorkflow({
      nodes: [
        node('Webhook', 'webhook'),
        node("Bob's data", 'set'),
        node('Use', 'set', {
          parameters: {
            a: "={{ $('Bob\\'s data').item.json.x }}",
            b: '={{ $node["Webhook"].json.body }}',
            c: '={{ $("Webhook").item.json.query }}',
            d: '={{ $node.Webhook.json.headers }}',
          },
        }),
      ],
      connections: connections(['Webhook', "Bob's data"], ["Bob's data", 'Use']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  it('ignores jQuery in HTML and examples in sticky notes', () => {
    const html = node('Page', 'html', { parameters: { html: "<script>$('#send').click(() => go());</script>" } });
    const wf = n8nWorkflow({
      nodes: [node('Webhook', 'webhook'), html, node('Note', 'stickyNote', { parameters: { content: "Use `$('Your Node').item.json`" } })],
      connections: connections(['Webhook', 'Page']),
    });
    expect(structureFindings(wf, ID)).toEqual([]);
  });

  describe('issue 11 item 5: only what n8n runs is read', () => {
    it("ignores jQuery's $('title') in an HTTP body outside {{ }}, with or without the = prefix", () => {
      for (const body of [
        "<script>var t = $('title').first().text();</script>",
        "=<script>var t = $('title').first().text();</script><p>{{ $json.name }}</p>",
      ]) {
        expect(structureFindings(workflowReading({ sendBody: true, contentType: 'raw', body }, 'httpRequest'), ID)).toEqual([]);
      }
    });

    it('ignores {{ }} in a field without the = prefix: n8n does not evaluate it', () => {
      expect(structureFindings(workflowReading({ value: "{{ $('Gone').item.json.a }}" }), ID)).toEqual([]);
    });

    it('reads an HTML template, which the HTML node resolves without the = prefix', () => {
      const findings = structureFindings(workflowReading({ html: "<h1>{{ $('Gone').item.json.title }}</h1>" }, 'html'), ID);
      expect(findings.map((f) => f.message)).toEqual(['Node "Use" refers to node "Gone", which does not exist']);
    });

    it('ignores references inside string literals and comments of a Code node that builds another workflow', () => {
      const jsCode = [
        '// reads $(\'Old name\').first() in the old version',
        "const single = { value: \"={{ $('Lookup').item.json.id }}\" };",
        "const quoted = { value: '={{ $(\"Lookup\").first().json.id }}' };",
        'const templated = `={{ $(\'Lookup\').item.json.id }}`;',
        '/* $("Lookup").all() */',
        'return [{ json: { nodes: [single, quoted, templated] } }];',
      ].join('\n');
      expect(structureFindings(workflowReading({ jsCode }, 'code'), ID)).toEqual([]);
    });

    it('still reads references the code makes, including inside ${ } of a template literal', () => {
      const jsCode = [
        "const rows = $('Old Query').all();",
        'const text = `total: ${ $("Totals").first().json.sum } and $(\'Not code\').first()`;',
        'return rows;',
      ].join('\n');
      expect(structureFindings(workflowReading({ jsCode }, 'code'), ID).map((f) => f.message)).toEqual([
        'Node "Use" refers to node "Old Query", which does not exist',
        'Node "Use" refers to node "Totals", which does not exist',
      ]);
    });
  });
});
