import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';
import { FAKE } from '../../fixtures/fake-secrets.js';

const RULE = 'security/hardcoded-secret';

const filler = (n: number) => 'Te5t'.repeat(n);

function httpNode(parameters: Record<string, unknown>) {
  return n8nWorkflow({ nodes: [node('Call API', 'httpRequest', { typeVersion: 4.2, parameters })] });
}

function headerNode(name: string, value: string) {
  return httpNode({ sendHeaders: true, headerParameters: { parameters: [{ name, value }] } });
}

describe(RULE, () => {
  it.each([
    ['OpenAI key', FAKE.openAiProject, 'CRITICAL'],
    ['AWS access key id', FAKE.awsAccessKeyId, 'CRITICAL'],
    ['GitHub token', FAKE.githubClassic, 'CRITICAL'],
    ['GitHub fine-grained token', FAKE.githubFineGrained, 'CRITICAL'],
    ['Slack token', FAKE.slackBot, 'CRITICAL'],
    ['Stripe live key', FAKE.stripeLive, 'CRITICAL'],
    ['private key block', FAKE.privateKey, 'CRITICAL'],
    ['JWT', FAKE.jwtServiceRole, 'HIGH'],
    ['URL with user:password', FAKE.urlPassword, 'HIGH'],
  ])('flags a %s anywhere in the parameters, without repeating it', (_label, secret, severity) => {
    const findings = runRule(httpNode({ url: 'https://api.test', options: { note: `key: ${secret}` } }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ nodeName: 'Call API', severity });
    expect(findings[0]!.message).toContain('HTTP Request node "Call API"');
    expect(findings[0]!.message).toContain('options.note');
    expect(findings[0]!.message).not.toContain(secret);
  });

  it('hides the password of a URL but names the host', () => {
    const [finding] = runRule(httpNode({ url: FAKE.urlPassword }), RULE);
    expect(finding!.message).toContain('postgres://app:****@db.internal:5432');
    expect(finding!.message).not.toContain(FAKE.urlPassword.slice(15, 33));
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
    const leaked = n8nWorkflow({ nodes: [node('Note', 'stickyNote', { parameters: { content: `key ${FAKE.githubClassic}` } })] });
    expect(runRule(leaked, RULE)).toHaveLength(1);
  });

  it('reports one finding per node, counting the other secrets', () => {
    const findings = runRule(httpNode({ apiKey: FAKE.opaque, url: FAKE.urlPassword }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toContain('(and 1 more)');
  });

  describe('issue 11 item 1: an empty bearer is not a secret', () => {
    it.each([
      ['a bare scheme', 'Bearer '],
      ['a scheme and spaces', 'Bearer    '],
      ['a scheme and an expression', '=Bearer {{ $json.token }}'],
      ['a scheme and an expression without the = prefix', 'Bearer {{ $json.token }}'],
      ['Basic with nothing after it', 'Basic'],
    ])('%s in an Authorization header', (_label, value) => {
      expect(runRule(headerNode('Authorization', value), RULE)).toEqual([]);
    });

    it('in a raw JSON header block, where only the expression follows the scheme', () => {
      const wf = httpNode({ sendHeaders: true, specifyHeaders: 'json', jsonHeaders: '={ "Authorization": "Bearer {{ $json.token }}" }' });
      expect(runRule(wf, RULE)).toEqual([]);
    });
  });

  describe('issue 11 item 3: formats and fields it used to miss', () => {
    it('flags a Google API key in a URL query string, as CRITICAL', () => {
      const [finding, ...rest] = runRule(httpNode({ url: `https://maps.googleapis.com/maps/api/geocode/json?key=${FAKE.googleApiKey}` }), RULE);
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ severity: 'CRITICAL' });
      expect(finding!.message).toContain('Google API key');
    });

    it('flags a random value of a query parameter or field named just "key"', () => {
      const query = httpNode({ sendQuery: true, queryParameters: { parameters: [{ name: 'key', value: FAKE.opaque }] } });
      expect(runRule(query, RULE)).toMatchObject([{ severity: 'HIGH' }]);
      expect(runRule(httpNode({ key: FAKE.opaqueHex }), RULE)).toHaveLength(1);
    });

    it('does not take a sort, storage or object key for a secret', () => {
      for (const value of ['createdAt', 'user:42:session', 'invoices/2024/march.pdf', 'order_id', 'ascending']) {
        expect(runRule(httpNode({ key: value }), RULE)).toEqual([]);
      }
    });
  });

  describe('issue 11 item 9: severity follows confidence', () => {
    it('a vendor format is CRITICAL, a random literal under a secret-named key HIGH, a short simple one MEDIUM', () => {
      expect(runRule(httpNode({ apiKey: FAKE.githubClassic }), RULE)).toMatchObject([{ severity: 'CRITICAL' }]);
      expect(runRule(httpNode({ apiKey: FAKE.opaque }), RULE)).toMatchObject([{ severity: 'HIGH' }]);
      expect(runRule(httpNode({ password: 'h7#Tq9' + 'zP' }), RULE)).toMatchObject([{ severity: 'MEDIUM' }]);
    });

    it('names the surest secret of a node and sets the severity from it', () => {
      const [finding] = runRule(httpNode({ apiKey: FAKE.opaque, note: `also ${FAKE.stripeLive}` }), RULE);
      expect(finding).toMatchObject({ severity: 'CRITICAL' });
      expect(finding!.message).toContain('Stripe live key');
      expect(finding!.message).toContain('(and 1 more)');
    });
  });
});
