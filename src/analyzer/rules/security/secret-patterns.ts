/**
 * What a hardcoded secret looks like, and how sure we are. Two signals:
 *
 * 1. A value in a known vendor format, found anywhere (even inside a longer string or code).
 *    The formats follow gitleaks' maintained rules (cmd/generate/config/rules: aws, github,
 *    gitlab, slack, stripe, openai, anthropic, gcp, twilio, sendgrid, telegram, jwt, private
 *    key), and the variable part must look random (entropy, character classes, no placeholder
 *    marker) — templates are full of `sk-your-openai-api-key-here` and `ghp_xxxx…`.
 * 2. A literal under a secret-named key (`apiKey`, `Authorization`, `password`…). Here the value
 *    alone must convince: after removing an auth scheme (`Bearer `) it must not be empty, an
 *    expression or variable reference (`{{ … }}`, `$OPENAI_API_KEY`, `${VAR}`), a phrase
 *    (`a random password`), an identifier (`SUPADATA_API_KEY`, `=gitlabToken`), or made only of
 *    placeholder vocabulary (`YOURAPIKEY`, `y0urpassw0rd`), and it must mix character classes.
 *
 * Each hit carries a confidence, which sets the finding's severity (see docs/analyzer.md,
 * "Severity and confidence"): only a vendor format is high confidence.
 */

export type Confidence = 'high' | 'medium' | 'low';

export interface TokenFormat {
  label: string;
  pattern: RegExp;
  confidence: Confidence;
  /**
   * The body may lack digits: an AWS key id is 16 base32 characters, about 4% of which have no
   * digit. Other formats are long enough that a real key without a digit is vanishingly rare,
   * while a template word (`sk-learn-model-name`) has none.
   */
  lettersOnlyBody?: true;
}

/**
 * Known credential formats, most specific first (an Anthropic key also matches the generic
 * `sk-` pattern). Boundaries keep a format from matching inside a longer random string.
 */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  {
    label: 'private key',
    pattern: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY/,
    confidence: 'high',
  },
  { label: 'AWS access key id', pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/, confidence: 'high', lettersOnlyBody: true },
  { label: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_\w{82})\b/, confidence: 'high' },
  {
    label: 'GitLab token',
    pattern: /\b(?:gl(?:pat|dt|ft|rt|soat|ffct|cbt-[0-9a-zA-Z]{1,5})[-_][\w-]{20}|glptt-[0-9a-f]{40}|GR1348941[\w-]{20})/,
    confidence: 'high',
  },
  { label: 'Slack token', pattern: /\b(?:xox[baprse]-(?:\d+-)+[A-Za-z0-9-]{10,}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)/, confidence: 'high' },
  { label: 'Stripe live key', pattern: /\b(?:sk|rk)_(?:live|prod)_[A-Za-z0-9]{16,99}\b/, confidence: 'high' },
  { label: 'Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d\d-[\w-]{80,}/, confidence: 'high' },
  // Every OpenAI key since 2023 carries "T3BlbkFJ" (base64 of "OpenAI") in the middle.
  { label: 'OpenAI API key', pattern: /\bsk-(?:(?:proj|svcacct|admin)-)?[\w-]{20,}T3BlbkFJ[\w-]{20,}/, confidence: 'high' },
  { label: 'Google API key', pattern: /\bAIza[\w-]{35}(?![\w-])/, confidence: 'high' },
  { label: 'SendGrid API key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}(?![\w-])/, confidence: 'high' },
  { label: 'Twilio API key', pattern: /\bSK[0-9a-fA-F]{32}\b/, confidence: 'high' },
  { label: 'Telegram bot token', pattern: /(?<![0-9])[0-9]{5,16}:A[\w-]{34}(?![\w-])/, confidence: 'high' },
  // `sk-…` without a vendor marker: OpenAI's older keys, DeepSeek, OpenRouter (`sk-or-v1-`)…
  { label: 'OpenAI-style API key', pattern: /\bsk-(?:(?:proj|svcacct|admin|or-v1)-)?[A-Za-z0-9_-]{20,}/, confidence: 'high' },
  // Often public by design (Supabase anon keys): see isPublicJwt.
  { label: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, confidence: 'medium' },
  { label: 'Slack webhook URL', pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/, confidence: 'medium' },
  { label: 'Stripe test key', pattern: /\b(?:sk|rk)_test_[A-Za-z0-9]{16,99}\b/, confidence: 'low' },
  {
    label: 'password in URL',
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@{}"'<>]+:[^\s@/{}"'<>]+@[^\s"'<>]+/i,
    confidence: 'medium',
  },
];

export interface TokenMatch {
  label: string;
  text: string;
  confidence: Confidence;
}

/**
 * Something every format above starts with (or, for a URL, contains): one pass that lets the
 * vast majority of strings skip the 17 patterns.
 */
const ANY_FORMAT_MARKER = /-----BEGIN|A3T|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|gl[a-z]{1,6}[-_]|GR1348941|xox|xapp-|hooks\.slack|_(?:live|prod|test)_|sk-|AIza|SG\.|SK[0-9a-fA-F]|[0-9]:A|eyJ/;

/** The first real-looking token in the text, or null. */
export function findKnownToken(text: string): TokenMatch | null {
  if (!ANY_FORMAT_MARKER.test(text) && !(text.includes('://') && text.includes('@'))) return null;
  for (const format of TOKEN_FORMATS) {
    const found = format.pattern.exec(text);
    if (!found) continue;
    const token = found[0];
    if (format.label === 'password in URL') {
      if (classifyLiteral(passwordOfUrl(token)) === null) continue;
    } else if (format.label === 'JSON Web Token') {
      if (isPublicJwt(token) || !looksRandom(token)) continue;
    } else if (format.label !== 'private key' && !looksRandom(token, format.lettersOnlyBody)) continue;
    return { label: format.label, text: token, confidence: format.confidence };
  }
  return null;
}

function passwordOfUrl(url: string): string {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const credentials = afterScheme.slice(0, afterScheme.indexOf('@'));
  return credentials.slice(credentials.indexOf(':') + 1);
}

/**
 * A JWT whose payload says `"role": "anon"` is a Supabase-style public key, meant to be shipped
 * to browsers; only the service-role kind is a secret.
 */
function isPublicJwt(token: string): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof claims === 'object' && claims !== null && (claims as { role?: unknown }).role === 'anon';
  } catch {
    return false;
  }
}

/** Marks of a template value inside a token-shaped string: `sk-xxxx`, `…-your-key-here`, `AKIA…EXAMPLE`. */
const TOKEN_PLACEHOLDER_MARKERS = /x{4,}|\*{3,}|\.{3}|…|your|here(?![a-z])|example|placeholder|dummy|sample|redacted|insert|replace|changeme|<|>/i;

/** Real keys are random: letters and digits mixed, enough entropy, no placeholder marker. */
function looksRandom(token: string, lettersOnlyBody = false): boolean {
  if (!lettersOnlyBody && !(/[0-9]/.test(token) && /[A-Za-z]/.test(token))) return false;
  return shannonEntropy(token) >= 3 && !TOKEN_PLACEHOLDER_MARKERS.test(token);
}

/** Bits per character of the string's own character distribution (gitleaks' `entropy`). */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
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
/** `key` after one of these is a secret; `key` alone is handled by isBareKeyName. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'auth', 'subscription', 'license', 'signing', 'encryption', 'master']);
/** Tokens that are not credentials: pagination cursors. */
const NON_SECRET_TOKEN_QUALIFIERS = new Set(['page', 'next', 'cursor', 'continuation', 'sync', 'max', 'csrf']);

/** Keys repeat across nodes (`url`, `value`, `name`…): each is split into words once. */
const secretNameCache = new Map<string, boolean>();

export function isSecretName(key: string): boolean {
  let known = secretNameCache.get(key);
  if (known === undefined) {
    if (secretNameCache.size > 10_000) secretNameCache.clear();
    known = splitsIntoSecretName(key);
    secretNameCache.set(key, known);
  }
  return known;
}

function splitsIntoSecretName(key: string): boolean {
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

/**
 * A field or query parameter named just `key` (`?key=…` is how Google and many other APIs take
 * an API key). `key` is also a sort key, a Redis key or an S3 object key, so such a value only
 * counts when it is clearly random (see classifyLiteral's medium confidence).
 */
export function isBareKeyName(key: string): boolean {
  return key.toLowerCase() === 'key';
}

/** Auth scheme words that precede the secret in a header value; the secret may be missing. */
const SCHEME_PREFIX = /^(?:bearer|basic|token|apikey|api-key|digest|bot)(?:\s+|$)/i;

/** `$OPENAI_API_KEY`, `${VAR}`, `$secret …`, `%API_KEY%`: a variable the caller fills in. */
const VARIABLE_REFERENCE = /^(?:\$\{[^}]*\}|\$[A-Za-z_]\w*|%[A-Za-z_]\w*%)/;

/** The whole value is a template marker: `<token>`, `[API KEY]`, `{token}`, `xxxx`, `***`, `…`. */
const TEMPLATE_MARKERS: readonly RegExp[] = [
  /^<[^<>]*>$/,
  /^\[[^[\]]*\]$/,
  /^\{[^{}]*\}$/,
  /^(.)\1*$/,
  /x{4,}|\*{3,}|\.{3}|…/i,
];

/**
 * Placeholder vocabulary: a value made only of these words (separators, case and leetspeak
 * ignored) is a template, however it is written — `YOUR_API_KEY`, `YOURTOKENHERE`,
 * `yourpassword`, `y0ur-app1-p4ss-w0rd`, `my-secret-token`, `changeme123`.
 */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set(
  (
    'your yours my our the here there put paste insert enter add set replace change me with this that goes go ' +
    'value string text here api key keys secret secrets token tokens password passwords pass passwd pwd word phrase ' +
    'passphrase auth authorization bearer basic access refresh client app apps application private public id user ' +
    'username login admin account project service server bot webhook hook url code pin sk pk live prod ' +
    'example examples sample samples demo test testing dummy fake mock placeholder default random real actual new ' +
    'old some any none null undefined empty todo tbd fixme changeme redacted hidden abc def xyz foo bar baz qwerty ' +
    'letmein root welcome hello world n8n openai anthropic claude google gemini github gitlab slack stripe twilio ' +
    'sendgrid telegram discord notion airtable supabase aws azure mailgun hubspot shopify jwt oauth'
  ).split(' '),
);
const LONGEST_PLACEHOLDER_WORD = Math.max(...[...PLACEHOLDER_WORDS].map((word) => word.length));

/** Leetspeak digits and symbols back to letters (`p4ssw0rd` -> `password`). */
const LEET: ReadonlyMap<string, string> = new Map(Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' }));

export function isPlaceholderVocabulary(value: string): boolean {
  if (value.length > 64) return false;
  const text = value.toLowerCase().replace(/[^a-z0-9@$]/g, '');
  return text === '' || segmentsIntoWords(text);
}

/**
 * Whether the text splits into pieces that are each a digit run (`admin2024`, `app1`) or a
 * placeholder word once leetspeak is read as letters (`p4ss` -> pass; `1` as i, then as l).
 * Dynamic programming over end positions: linear in the text for a bounded word length.
 */
function segmentsIntoWords(text: string): boolean {
  const ok = new Uint8Array(text.length + 1);
  ok[0] = 1;
  for (let end = 1; end <= text.length; end++) {
    for (let start = Math.max(0, end - LONGEST_PLACEHOLDER_WORD); start < end && !ok[end]; start++) {
      if (ok[start] && isPlaceholderPiece(text.slice(start, end))) ok[end] = 1;
    }
  }
  return ok[text.length] === 1;
}

function isPlaceholderPiece(piece: string): boolean {
  if (/^[0-9]+$/.test(piece)) return true;
  const letters = piece.replace(/[0-9@$]/g, (c) => LEET.get(c) ?? c);
  return PLACEHOLDER_WORDS.has(letters) || (piece.includes('1') && PLACEHOLDER_WORDS.has(letters.replaceAll('i', 'l')));
}

/**
 * Letters only, maybe with separators: an identifier or a name, not a random secret — unless
 * it is long and switches case as often as random text does (`SUPADATA_API_KEY`,
 * `CLIENTSECRET` and `gitlabToken` are names; 24 random letters are not).
 */
function isIdentifierLike(value: string): boolean {
  if (!/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value)) {
    // ALL_CAPS_SNAKE with digits is an environment variable name (`OPENAI_API_KEY_2`).
    return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value);
  }
  if (value.length < 20) return true;
  let switches = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value[i - 1]!;
    const b = value[i]!;
    if ((a >= 'a' && a <= 'z') !== (b >= 'a' && b <= 'z')) switches++;
  }
  return switches / value.length < 0.25;
}

/**
 * A value computed at run time rather than written in the file: an expression with `{{ … }}`,
 * or a reference to environment variables, credentials, external secrets or n8n variables.
 */
export function isReference(value: string): boolean {
  return value.includes('{{') || /\$(?:env|credentials|secrets|vars)\b|process\.env/.test(value);
}

/** Shorter than this after removing the auth scheme: too short to be a meaningful secret. */
const MIN_SECRET_LENGTH = 6;

/**
 * Whether a literal found under a secret-named key is a plausible real secret, and how sure we
 * are: medium when it is long and random (16+ characters, entropy of 3.3 bits per character or
 * more), low when it only passes the placeholder checks (a short or simple password). null when
 * it is not a secret at all.
 */
export function classifyLiteral(raw: string): Exclude<Confidence, 'high'> | null {
  const unprefixed = raw.startsWith('=') ? raw.slice(1) : raw;
  if (isReference(unprefixed)) return null;
  const value = unprefixed.trim().replace(SCHEME_PREFIX, '').trim();
  if (value.length < MIN_SECRET_LENGTH) return null;
  if (VARIABLE_REFERENCE.test(value)) return null;
  if (/\s/.test(value)) return null; // a phrase: "a random password", "API KEY SECRET"
  if (TEMPLATE_MARKERS.some((pattern) => pattern.test(value)) || TOKEN_PLACEHOLDER_MARKERS.test(value)) return null;
  if (value.startsWith('eyJ') && isPublicJwt(value)) return null;
  if (isIdentifierLike(value) || isPlaceholderVocabulary(value)) return null;
  if (/^[0-9.+-]+$/.test(value)) return null; // numbers, ids, phone numbers
  const entropy = shannonEntropy(value);
  if (entropy < 2) return null;
  return value.length >= 16 && entropy >= 3.3 ? 'medium' : 'low';
}

/**
 * `"Authorization": "Bearer abc…"`, `api_key = 'abc…'`, `password: "…"` written inside a longer
 * string (raw JSON headers, a JSON body, code). Captures the key and the quoted value.
 */
export const EMBEDDED_ASSIGNMENT =
  /["']?([A-Za-z][A-Za-z0-9_-]{1,40})["']?\s*[:=]\s*["']([^"'\n{}$]{6,200})["']/g;
