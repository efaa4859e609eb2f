import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/hardcoded-secret';

/**
 * Synthetic credentials, assembled at run time so that the repository itself holds nothing a
 * secret scanner would take for a real key.
 */
const filler = (n: number) => 'Te5t'.repeat(n);
const FAKE = {
  openAi: 'sk-' + 'test' + filler(6),
  aws: 'AKIA' + 'TEST' + '2345'.repeat(3),
  github: 'ghp_' + filler(9),
  githubPat: 'github_' + 'pat_' + filler(10),
  slack: 'xox' + 'b-' + '1234567890-' + filler(4),
  stripe: 'sk_' + 'live_' + filler(6),
  jwt: ['eyJ' + 'hbGciOiJIUzI1NiJ9', 'eyJ' + 'zdWIiOiJ0ZXN0In0', 'c2lnbmF0dXJl' + filler(2)].join('.'),
  privateKey: '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIE' + filler(8) + '\n-----END RSA PRIVATE KEY-----',
  urlPassword: 'postgres://app:' + 'S3cret' + filler(2) + '@db.internal:5432/app',
  opaque: 'q8Zr' + filler(5) + 'x7',
};

function httpNode(parameters: Record<string, unknown>) {
  return n8nWorkflow({ nodes: [node('Call API', 'httpRequest', { typeVersion: 4.2, parameters })] });
}

function headerNode(name: string, value: string) {
  return httpNode({ sendHeaders: true, headerParameters: { parameters: [{ name, value }] } });
}

describe(RULE, () => {
  it.each([
    ['OpenAI key', FAKE.openAi],
    ['AWS access key id', FAKE.aws],
    ['GitHub token', FAKE.github],
    ['GitHub fine-grained token', FAKE.githubPat],
    ['Slack token', FAKE.slack],
    ['Stripe live key', FAKE.stripe],
    ['JWT', FAKE.jwt],
    ['private key block', FAKE.privateKey],
    ['URL with user:password', FAKE.urlPassword],
  ])('flags a %s anywhere in the parameters, without repeating it', (_label, secret) => {
    const findings = runRule(httpNode({ url: 'https://api.test', options: { note: `key: ${secret}` } }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call API', severity: 'CRITICAL' });
    expect(findings[0]!.message).toContain('HTTP Request node "Call API"');
    expect(findings[0]!.message).toContain('options.note');
    expect(findings[0]!.message).not.toContain(secret);
  });

  it('hides the password of a URL but names the host', () => {
    const [finding] = runRule(httpNode({ url: FAKE.urlPassword }), RULE);
    expect(finding!.message).toContain('postgres://app:****@db.internal:5432');
    expect(finding!.message).not.toContain('S3cret');
  });

  it('flags a literal in an Authorization header given as a name/value pair, showing 4 characters', () => {
    const findings = runRule(headerNode('Authorization', `Bearer ${FAKE.opaque}`), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('"Authorization"');
    expect(findings[0]!.message).toContain('(Bear…)');
    expect(findings[0]!.message).toContain('headerParameters.parameters[0].value');
  });

  it.each(['apiKey', 'api_key', 'x-api-key', 'client_secret', 'password', 'accessToken', 'X-Auth-Token'])(
    'flags a literal under the secret-named key %s',
    (key) => {
      expect(runRule(httpNode({ [key]: FAKE.opaque }), RULE)).toHaveLength(1);
      expect(runRule(headerNode(key, FAKE.opaque), RULE)).toHaveLength(1);
    },
  );

  it('flags a secret assigned inside a raw JSON body or code', () => {
    const body = httpNode({ sendBody: true, specifyBody: 'json', jsonBody: `{"query": "n8n", "api_key": "${FAKE.opaque}"}` });
    expect(runRule(body, RULE)).toHaveLength(1);
    const code = n8nWorkflow({
      nodes: [node('Sign', 'code', { parameters: { jsCode: `const password = '${FAKE.opaque}';\nreturn items;` } })],
    });
    expect(runRule(code, RULE)).toHaveLength(1);
  });

  it.each([
    ['an expression', '={{ $json.token }}'],
    ['an expression inside a header value', '=Bearer {{ $env.SERVICE_TOKEN }}'],
    ['a credentials reference', '{{ $credentials.apiKey }}'],
    ['an external secret', '={{ $secrets.vault.serviceKey }}'],
    ['YOUR_API_KEY', 'YOUR_API_KEY'],
    ['Bearer YOUR_TOKEN', 'Bearer YOUR_TOKEN'],
    ['<token>', '<token>'],
    ['xxx', 'xxxxxxxxxxxx'],
    ['***', '********'],
    ['changeme', 'changeme'],
    ['your-…-here', 'your-api-key-here'],
    ['an empty string', ''],
    ['a very short value', 'abc'],
  ])('does not flag %s under a secret-named key', (_label, value) => {
    expect(runRule(headerNode('Authorization', value), RULE)).toEqual([]);
    expect(runRule(httpNode({ apiKey: value }), RULE)).toEqual([]);
  });

  it('does not flag token-format placeholders from templates', () => {
    const placeholders = ['sk-' + 'x'.repeat(40), 'sk-your-openai-api-key-here', 'AKIA' + 'IOSFODNN7' + 'EXAMPLE'];
    for (const value of placeholders) expect(runRule(httpNode({ note: value }), RULE)).toEqual([]);
  });

  it('does not take counters, cursors or settings for secrets', () => {
    const wf = httpNode({
      maxTokens: '4096',
      tokenType: 'Bearer-access',
      nextPageToken: 'cursor' + filler(3),
      sortKey: 'createdAtDescending',
      authentication: 'genericCredentialType',
      passwordField: 'userPasswordHash',
    });
    expect(runRule(wf, RULE)).toEqual([]);
  });

  it('reads sticky notes for real token formats only, not for prose', () => {
    const prose = n8nWorkflow({
      nodes: [node('Note', 'stickyNote', { parameters: { content: `Set password: "${FAKE.opaque}" in the credential` } })],
    });
    expect(runRule(prose, RULE)).toEqual([]);
    const leaked = n8nWorkflow({ nodes: [node('Note', 'stickyNote', { parameters: { content: `key ${FAKE.github}` } })] });
    expect(runRule(leaked, RULE)).toHaveLength(1);
  });

  it('reports one finding per node, counting the other secrets', () => {
    const findings = runRule(httpNode({ apiKey: FAKE.opaque, url: FAKE.urlPassword }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('(and 1 more)');
  });
});
