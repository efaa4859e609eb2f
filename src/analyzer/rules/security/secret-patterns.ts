/**
 * What a hardcoded secret looks like. Two signals: a value in a known token format (found
 * anywhere, even inside a longer string or code), or a literal under a secret-named key. Both
 * skip placeholders: templates are full of `YOUR_API_KEY`, and flagging them would teach users
 * to ignore the rule.
 */

export interface TokenFormat {
  label: string;
  pattern: RegExp;
}

/** Known credential formats. Each needs enough characters after the prefix to be a real key. */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { label: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { label: 'Stripe live key', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{16,}/ },
  { label: 'OpenAI/Anthropic API key', pattern: /\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}/ },
  { label: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { label: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/ },
  { label: 'Slack token', pattern: /\bxox[bpas]-[A-Za-z0-9-]{10,}/ },
  { label: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  {
    label: 'password in URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@{}"'<>]+:[^\s@/{}"'<>]+@[^\s"'<>]+/i,
  },
];

export interface TokenMatch {
  label: string;
  text: string;
}

/** The first real-looking token in the text, or null. */
export function findKnownToken(text: string): TokenMatch | null {
  for (const format of TOKEN_FORMATS) {
    const found = format.pattern.exec(text);
    if (!found) continue;
    const token = found[0];
    if (format.label === 'password in URL') {
      if (isPlaceholder(passwordOfUrl(token))) continue;
    } else if (format.label !== 'private key' && !looksRandom(token)) continue;
    return { label: format.label, text: token };
  }
  return null;
}

function passwordOfUrl(url: string): string {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const credentials = afterScheme.slice(0, afterScheme.indexOf('@'));
  return credentials.slice(credentials.indexOf(':') + 1);
}

/**
 * Real keys are random: they mix letters and digits and are not a placeholder such as
 * `sk-your-openai-api-key-here` or `ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`.
 */
function looksRandom(token: string): boolean {
  return /[0-9]/.test(token) && /[A-Za-z]/.test(token) && !isPlaceholder(token);
}

/**
 * Words that name secrets, tested on a key split into words (`x-api-key` -> x api key,
 * `clientSecret` -> client secret). The last word decides, so `maxTokens`, `tokenType`,
 * `passwordField` or `secretName` are not secrets.
 */
const SECRET_LAST_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'authorization',
  'apikey',
  'credential',
  'credentials',
]);
/** `key` alone is too common (sort key, object key); these make it a secret. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'auth', 'subscription', 'license', 'signing', 'encryption', 'master']);
/** Tokens that are not credentials: pagination cursors. */
const NON_SECRET_TOKEN_QUALIFIERS = new Set(['page', 'next', 'cursor', 'continuation', 'sync', 'max', 'csrf']);

export function isSecretName(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1];
  const previous = words[words.length - 2];
  if (!last) return false;
  if (last === 'key') return previous !== undefined && KEY_QUALIFIERS.has(previous);
  if (!SECRET_LAST_WORDS.has(last)) return false;
  return !(last === 'token' && previous !== undefined && NON_SECRET_TOKEN_QUALIFIERS.has(previous));
}

/** Auth scheme words that precede the secret in a header value. */
const SCHEME_PREFIX = /^(?:bearer|basic|token|apikey|api-key|digest)\s+/i;

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /^<[^<>]*>$/, // <token>
  /^\[[^[\]]*\]$/, // [API KEY]
  /^\{[^{}]*\}$/, // {token}
  /^\$\{[^}]*\}$/, // ${TOKEN}
  /^(.)\1*$/, // xxxxx, *****, 00000
  /x{4,}|\*{3,}|\.{3}|…/i, // sk-xxxx…, ***, trailing dots
  /\byour\b|\byour[-_]/i, // YOUR_API_KEY, your-token-here
  /[-_\s]here$/i, // api-key-here
  /change[-_\s]?me|placeholder|example|dummy|redacted|sample|replace[-_\s]?(?:me|with|this)|insert[-_\s]|enter[-_\s]|^todo|^fixme|^tbd$/i,
  /^(?:null|undefined|none|test|secret|password|token|apikey|api_key|api-key)$/i,
];

/** Shorter than this after removing the auth scheme: too short to be a meaningful secret. */
const MIN_SECRET_LENGTH = 6;

export function isPlaceholder(raw: string): boolean {
  const value = raw.trim().replace(SCHEME_PREFIX, '').trim();
  if (value.length < MIN_SECRET_LENGTH) return true;
  return PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(value));
}

/**
 * A value that is computed at run time rather than written in the file: an expression with
 * `{{ … }}`, or a reference to environment variables, credentials, external secrets or n8n
 * variables. A bare leading `=` does not count: `=Bearer abc123…` is still a literal.
 */
export function isReference(value: string): boolean {
  return value.includes('{{') || /\$(?:env|credentials|secrets|vars)\b|process\.env/.test(value);
}

/** A literal under a secret-named key that is a plausible real secret. */
export function isLiteralSecret(value: string): boolean {
  if (isReference(value)) return false;
  return !isPlaceholder(value.startsWith('=') ? value.slice(1) : value);
}

/**
 * `"Authorization": "Bearer abc…"`, `api_key = 'abc…'`, `password: "…"` written inside a longer
 * string (raw JSON headers, a JSON body, code). Captures the key and the quoted value.
 */
export const EMBEDDED_ASSIGNMENT =
  /["']?([A-Za-z][A-Za-z0-9_-]{1,40})["']?\s*[:=]\s*["']([^"'\n{}$]{6,200})["']/g;
