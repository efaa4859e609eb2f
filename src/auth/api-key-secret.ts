import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key format: `whk_<prefix>_<secret>`. The prefix (public, 12 chars) finds the row; only a
 * SHA-256 of the secret (32 random bytes, base64url) is stored. A plain hash is enough here:
 * the secret has 256 bits of entropy, so slow password hashes would only cost latency.
 */
export const API_KEY_PREFIX = 'whk_';
const KEY_PATTERN = /^whk_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  /** The full key, shown to its owner once. */
  key: string;
  prefix: string;
  secretHash: string;
}

/** Where key material comes from; tests pass fixed bytes to produce a chosen key. */
export type RandomSource = (size: number) => Buffer;

export function generateApiKey(random: RandomSource = randomBytes): GeneratedKey {
  const prefix = randomAlphanumeric(12, random);
  // base64url may start or end with `_` or `-` (1 key in 64 starts with `_`): the prefix has a
  // fixed length and no `_`, so `parseApiKey` splits at the first `_` after it, never on a `_`
  // inside the secret.
  const secret = random(32).toString('base64url');
  return { key: `${API_KEY_PREFIX}${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Compares two tokens without leaking their common prefix length through timing. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomAlphanumeric(length: number, random: RandomSource): string {
  // 62 does not divide 256: reject bytes >= 248 so every character is equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}
