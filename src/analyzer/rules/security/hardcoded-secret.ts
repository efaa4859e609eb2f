import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { literalText, mask, walkParameters } from '../params.js';
import { EMBEDDED_ASSIGNMENT, findKnownToken, isLiteralSecret, isSecretName } from './secret-patterns.js';

interface SecretHit {
  what: string;
  shown: string;
  path: string;
}

/**
 * A secret written into the workflow travels with every export, template and screenshot of it.
 * Findings never repeat the secret: they show its first characters only.
 */
export const hardcodedSecret = defineRule({
  id: 'security/hardcoded-secret',
  category: 'SECURITY',
  severity: 'CRITICAL',
  title: 'Hardcoded secret',
  description:
    'A literal secret in node parameters: a known token format (OpenAI, AWS, GitHub, Slack, Stripe, JWT, private key, URL with a password) or a secret-named field (API key, token, password, Authorization…) holding a literal rather than an expression or credential.',
  remediation:
    'Move the secret into an n8n credential (or an environment variable / external secret read with an expression), revoke the exposed one, and remove it from the workflow and its exports.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      const hits = findSecrets(node.parameters, node.kind === 'NOTE');
      const first = hits[0];
      if (!first) continue;
      const more = hits.length > 1 ? ` (and ${hits.length - 1} more)` : '';
      yield {
        node,
        message: `${describeNode(node)} contains a hardcoded ${first.what} (${first.shown}) in ${first.path}${more}`,
      };
    }
  },
});

/** Sticky notes are prose: only unmistakable token formats count there. */
function findSecrets(parameters: Record<string, unknown>, isNote: boolean): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const entry of walkParameters(parameters)) {
    if (typeof entry.value !== 'string' || entry.value === '') continue;
    const value = entry.value;

    const token = findKnownToken(value);
    if (token) {
      hits.push({ what: token.label, shown: showToken(token.label, token.text), path: entry.path() });
      continue;
    }
    if (isNote) continue;

    // `{ name: 'Authorization', value: '…' }`: n8n's header / query / body parameter lists.
    const owner = entry.owner as Record<string, unknown>;
    const pairName = entry.key === 'value' && typeof owner.name === 'string' ? owner.name : undefined;
    const secretKey =
      typeof entry.key === 'string' && isSecretName(entry.key)
        ? entry.key
        : pairName !== undefined && isSecretName(pairName)
          ? pairName
          : undefined;
    if (secretKey !== undefined) {
      if (isLiteralSecret(value)) {
        hits.push({ what: `value for "${secretKey}"`, shown: mask(stripEquals(value)), path: entry.path() });
      }
      continue;
    }

    // `"api_key": "…"` inside a raw JSON body, a header block or code.
    const embedded = findEmbeddedSecret(literalText(value));
    if (embedded) hits.push({ ...embedded, path: entry.path() });
  }
  return hits;
}

function findEmbeddedSecret(text: string): Omit<SecretHit, 'path'> | null {
  if (!text.includes(':') && !text.includes('=')) return null;
  for (const match of text.matchAll(EMBEDDED_ASSIGNMENT)) {
    const [, key, literal] = match;
    if (key && literal && isSecretName(key) && isLiteralSecret(literal)) {
      return { what: `value for "${key}"`, shown: mask(literal) };
    }
  }
  return null;
}

function stripEquals(value: string): string {
  return value.startsWith('=') ? value.slice(1) : value;
}

/** A URL keeps its scheme, user and host (not secret); the password and the path are hidden. */
function showToken(label: string, token: string): string {
  if (label === 'password in URL') {
    const hidden = token.replace(/:\/\/([^:/@]+):[^@]+@/, '://$1:****@');
    const pathStart = hidden.indexOf('/', hidden.indexOf('@'));
    return pathStart === -1 ? hidden : hidden.slice(0, pathStart);
  }
  if (label === 'private key') return '-----BEGIN … PRIVATE KEY-----';
  return mask(token);
}
