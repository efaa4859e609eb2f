/**
 * Personal data written into a workflow: e-mail addresses, phone numbers, payment card numbers.
 * Each detector favours precision: a finding on `info@company.com` or a Stripe test card would
 * be noise, so role mailboxes, documentation domains and well-known test numbers are skipped.
 */

export interface PersonalDataMatch {
  kind: 'e-mail address' | 'phone number' | 'card number';
  text: string;
}

const EMAIL = /(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})(?![\w-])/g;

/**
 * Domains reserved for documentation (RFC 2606 / 6761): addresses there belong to nobody.
 * Also the placeholder domains templates use.
 */
const NON_PERSONAL_DOMAINS = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local|domain\.com|email\.com|company\.com|yourcompany\.com|yourdomain\.com|mydomain\.com|acme\.com)$/i;

/**
 * Mailboxes of a role rather than a person (GDPR's personal data identifies a natural person),
 * and placeholder local parts.
 */
const NON_PERSONAL_LOCAL_PARTS = new Set([
  'info', 'support', 'contact', 'hello', 'help', 'admin', 'administrator', 'sales', 'team',
  'office', 'billing', 'accounts', 'noreply', 'no-reply', 'donotreply', 'do-not-reply',
  'notifications', 'notification', 'alerts', 'newsletter', 'marketing', 'hr', 'jobs', 'careers',
  'press', 'security', 'abuse', 'postmaster', 'webmaster', 'mailer-daemon', 'bot', 'service',
  'user', 'username', 'name', 'email', 'mail', 'you', 'your', 'youremail', 'your.email',
  'your-email', 'your_email', 'someone', 'somebody', 'test', 'demo', 'example', 'sample', 'john.doe', 'jane.doe',
  'johndoe', 'janedoe', 'foo', 'bar',
]);

/**
 * International numbers only (`+` and country code): national formats are indistinguishable
 * from ids, amounts and dates.
 */
const PHONE = /(?<![\w+])\+\d[\d ().-]{6,22}\d(?![\w])/g;

/** 13–19 digits, optionally in groups of 4 separated by one space or dash. */
const CARD = /(?<![\w.-])(?:\d{4}[ -]){3}\d{1,7}(?![\w-])|(?<![\w.-])\d{13,19}(?![\w-])/g;

/** Documented test cards (Stripe, Adyen, PayPal sandboxes): not anyone's card. */
const TEST_CARDS = new Set([
  '4242424242424242', '4000056655665556', '5555555555554444', '2223003122003222',
  '5200828282828210', '5105105105105100', '378282246310005', '371449635398431',
  '6011111111111117', '6011000990139424', '3056930009020004', '36227206271667',
  '3566002020360505', '6200000000000005', '4111111111111111', '4012888888881881',
  '4000000000000002', '4000000000009995', '5454545454545454',
]);

export function findPersonalData(text: string): PersonalDataMatch | null {
  if (text.includes('@')) {
    for (const match of text.matchAll(EMAIL)) {
      const address = match[0];
      const domain = match[1] ?? '';
      const local = address.slice(0, address.indexOf('@')).toLowerCase();
      if (NON_PERSONAL_DOMAINS.test(domain) || NON_PERSONAL_LOCAL_PARTS.has(local)) continue;
      if (/^(?:no-?reply|do-?not-?reply)/.test(local)) continue; // noreply-n8n@…, no-reply+x@…
      return { kind: 'e-mail address', text: address };
    }
  }
  if (text.includes('+')) {
    for (const match of text.matchAll(PHONE)) {
      if (isPlausiblePhone(match[0])) return { kind: 'phone number', text: match[0] };
    }
  }
  for (const match of text.matchAll(CARD)) {
    const digits = match[0].replace(/\D/g, '');
    if (isPlausibleCard(digits)) return { kind: 'card number', text: match[0] };
  }
  return null;
}

/** E.164 allows 8–15 digits; made-up numbers repeat or count up. */
function isPlausiblePhone(phone: string): boolean {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  if (/(\d)\1{5,}/.test(digits)) return false; // +1 000000…, +49 1111111…
  if ('01234567890123456789'.includes(digits.slice(-7))) return false; // …1234567
  if (/^1\d{3}55501\d\d$/.test(digits)) return false; // North American fictional 555-01xx
  return true;
}

/** A card issuer prefix (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay) and Luhn. */
function isPlausibleCard(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^(?:4|5[1-5]|2[2-7]|3[47]|3[068]|35|6011|65|62)/.test(digits)) return false;
  if (TEST_CARDS.has(digits) || /^(\d)\1+$/.test(digits)) return false;
  return passesLuhn(digits);
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
