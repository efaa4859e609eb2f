import { describe, expect, it } from 'vitest';
import { connections, n8nWorkflow, node } from '../../helpers.js';
import { structureFindings } from './run.js';

const ID = 'structure/broken-expression';

function workflowWith(parameters: Record<string, unknown>, type = 'set') {
  return n8nWorkflow({
    nodes: [node('Webhook', 'webhook'), node('Build message', type, { parameters })],
    connections: connections(['Webhook', 'Build message']),
  });
}

/** Issue 11 item 8: the expression syntax errors the peer finds. */
describe(ID, () => {
  it("reports an unterminated expression as HIGH, naming the field", () => {
    const [finding, ...rest] = structureFindings(workflowWith({ text: '=Hello {{ $json.name' }), ID);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ nodeName: 'Build message', severity: 'HIGH' });
    expect(finding!.message).toBe(
      "Node \"Build message\" has an expression whose '{{' is never closed: n8n cannot evaluate it and the node fails, in text",
    );
  });

  it("reports a '}}' that closes nothing as MEDIUM", () => {
    const [finding] = structureFindings(workflowWith({ text: '=Hello {{ $json.name }} }}' }), ID);
    expect(finding).toMatchObject({ severity: 'MEDIUM' });
    expect(finding!.message).toContain("a '}}' that closes no expression");
  });

  it("reports {{ }} in a field without the '=' prefix as MEDIUM, once per node with a count", () => {
    const [finding, ...rest] = structureFindings(workflowWith({ subject: 'Order {{ $json.id }} shipped', text: "Hi {{ $('Webhook').item.json.name }}" }), ID);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ severity: 'MEDIUM' });
    expect(finding!.message).toContain("without the '=' prefix");
    expect(finding!.message).toContain('(and 1 more)');
  });

  it('reports each kind of problem of a node once', () => {
    const findings = structureFindings(workflowWith({ a: '={{ $json.a', b: 'x {{ $json.b }}' }), ID);
    expect(findings.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM']);
  });

  it.each([
    ['a closed expression', '=Hello {{ $json.name }}!'],
    ['an object literal inside an expression', '={{ { id: $json.id, tags: { a: 1 } } }}'],
    ['a JSON body closing its objects after an expression', '={"filter":{"id":{{ $json.id }}}}'],
    ['a string holding braces inside an expression', "={{ $json.a + '}}' + \"{{\" }}"],
    ['a regular expression with a quote inside an expression', '={{ $json.t.replace(/"/g, "&quot;") }}'],
    ['a mail template without n8n variables', 'Dear {{name}}, your order {{order_id}} shipped'],
    ['an AI tool placeholder', '{{ $fromAI("sql_query", "SQL Query") }}'],
    ['plain text', 'no braces at all'],
  ])('stays silent on %s', (_label, value) => {
    expect(structureFindings(workflowWith({ text: value }), ID)).toEqual([]);
  });

  it('reads an HTML template, which the HTML node resolves without the = prefix', () => {
    expect(structureFindings(workflowWith({ html: '<h1>{{ $json.title }}</h1>' }, 'html'), ID)).toEqual([]);
    expect(structureFindings(workflowWith({ html: '<h1>{{ $json.title </h1>' }, 'html'), ID)).toMatchObject([{ severity: 'HIGH' }]);
  });

  it('skips code and sticky notes', () => {
    const code = workflowWith({ jsCode: "const t = `{{ ${x}`; return [{ json: { t: '{{ $json.a' } }];" }, 'code');
    expect(structureFindings(code, ID)).toEqual([]);
    const note = n8nWorkflow({ nodes: [node('Note', 'stickyNote', { parameters: { content: 'Write {{ $json.name in the field' } })] });
    expect(structureFindings(note, ID)).toEqual([]);
  });
});
