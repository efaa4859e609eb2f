import type { Severity } from '../../model.js';
import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { literalText, mask, walkParameters } from '../params.js';
import {
  EMBEDDED_ASSIGNMENT,
  classifyLiteral,
  findKnownToken,
  isBareKeyName,
  isSecretName,
  type Confidence,
} from './secret-patterns.js';

interface SecretHit {
  what: string;
  shown: string;
  path: string;
  confidence: Confidence;
}

/**
 * Severity follows confidence (docs/analyzer.md, "Severity and confidence"): CRITICAL caps the
 * whole score below passing, so it is kept for vendor formats, which are secrets beyond doubt.
 */
const SEVERITY_BY_CONFIDENCE: Readonly<Record<Confidence, Severity>> = { high: 'CRITICAL', medium: 'HIGH', low: 'MEDIUM' };
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { high: 0, medium: 1, low: 2 };

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
    'A literal secret in node parameters: a known vendor token format (AWS, GitHub, GitLab, Slack, Stripe, OpenAI, Anthropic, Google, Twilio, SendGrid, Telegram, JWT, private key, URL with a password) or a secret-named field (API key, token, password, Authorization…) holding a random-looking literal rather than an expression, credential or placeholder. CRITICAL for vendor formats, HIGH for other random literals, MEDIUM for short or simple ones.',
  remediation:
    'Move the secret into an n8n credential (or an environment variable / external secret read with an expression), revoke the exposed one, and remove it from the workflow and its exports.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      const hits = findSecrets(node.parameters, node.kind === 'NOTE');
      if (hits.length === 0) continue;
      // The surest hit names the finding and sets its severity; the others are counted.
      const first = hits.reduce((best, hit) => (CONFIDENCE_RANK[hit.confidence] < CONFIDENCE_RANK[best.confidence] ? hit : best));
      const more = hits.length > 1 ? ` (and ${hits.length - 1} more)` : '';
      yield {
        node,
        severity: SEVERITY_BY_CONFIDENCE[first.confidence],
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

    // Expressions compute their `{{ … }}` parts at run time: only the literal text can leak.
    const token = findKnownToken(value.includes('{{') ? literalText(value) : value);
    if (token) {
      hits.push({ what: token.label, shown: showToken(token.label, token.text), path: entry.path(), confidence: token.confidence });
      continue;
    }
    if (isNote) continue;

    // `{ name: 'Authorization', value: '…' }`: n8n's header / query / body parameter lists.
    const owner = entry.owner as Record<string, unknown>;
    const pairName = entry.key === 'value' && !Array.isArray(owner) && typeof owner.name === 'string' ? owner.name : undefined;
    const fieldName = typeof entry.key === 'string' ? entry.key : undefined;
    const secretKey = [fieldName, pairName].find((name) => name !== undefined && isSecretName(name));
    if (secretKey !== undefined) {
      const confidence = classifyLiteral(value);
      if (confidence) hits.push({ what: `value for "${secretKey}"`, shown: mask(stripEquals(value)), path: entry.path(), confidence });
      continue;
    }
    const bareKey = [fieldName, pairName].find((name) => name !== undefined && isBareKeyName(name));
    if (bareKey !== undefined) {
      // `key` alone is often a sort or storage key: only a clearly random value counts.
      if (isRandomKeyValue(value)) {
        hits.push({ what: `value for "${bareKey}"`, shown: mask(stripEquals(value)), path: entry.path(), confidence: 'medium' });
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
  if ((!text.includes(':') && !text.includes('=')) || (!text.includes('"') && !text.includes("'"))) return null;
  for (const match of text.matchAll(EMBEDDED_ASSIGNMENT)) {
    const [, key, literal] = match;
    if (!key || !literal) continue;
    const confidence = isSecretName(key) ? classifyLiteral(literal) : isBareKeyName(key) && isRandomKeyValue(literal) ? 'medium' : null;
    if (confidence) return { what: `value for "${key}"`, shown: mask(literal), confidence };
  }
  return null;
}

/**
 * For a field named just `key`: one unbroken token of letters, digits, `_` or `-`, mixing
 * letters and digits, long and random (a path, a sort field or a Redis key is none of these).
 */
function isRandomKeyValue(value: string): boolean {
  const text = stripEquals(value);
  return /^[\w-]{16,}$/.test(text) && /[0-9]/.test(text) && /[A-Za-z]/.test(text) && classifyLiteral(text) === 'medium';
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
  if (label === 'Slack webhook URL') return 'hooks.slack.com/…';
  return mask(token);
}
