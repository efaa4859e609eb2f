import { describe, expect, it } from 'vitest';
import { n8nWorkflow, node } from '../../helpers.js';
import { runRule } from '../run-rule.js';

const RULE = 'security/personal-data-literal';

function gmail(parameters: Record<string, unknown>, type = 'gmail') {
  return n8nWorkflow({ nodes: [node('Notify', type, { parameters })] });
}

describe(RULE, () => {
  it('flags a person\'s e-mail address, masked, with where it is', () => {
    const findings = runRule(gmail({ sendTo: 'maria.lopez@fake-mailer.dev', subject: 'Hi' }), RULE);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toBe('Gmail node "Notify" contains a literal e-mail address (mari…) in sendTo');
  });

  it('flags an international phone number and a Luhn-valid card number', () => {
    expect(runRule(gmail({ message: 'Call me on +44 7700 900123 (a number Ofcom reserves for fiction)' }), RULE)[0]!.message).toContain('phone number');
    // 4539 1488 0343 6467 is a made-up Visa number that passes the Luhn check.
    expect(runRule(gmail({ message: 'Card 4539 1488 0343 6467 on file' }), RULE)[0]!.message).toContain('card number');
  });

  it('ignores data read by expressions, but not literal text around them', () => {
    expect(runRule(gmail({ sendTo: '={{ $json.email }}' }), RULE)).toEqual([]);
    expect(runRule(gmail({ sendTo: '={{ $json.email }}, maria.lopez@fake-mailer.dev' }), RULE)).toHaveLength(1);
  });

  it.each([
    ['a documentation domain', 'jane@example.com'],
    ['a .test domain', 'person@shop.test'],
    ['a role mailbox', 'support@acme-shop.io'],
    ['a no-reply sender', 'noreply-n8n@acme-shop.io'],
    ['a placeholder', 'your-email@gmail.com'],
  ])('does not flag %s', (_label, address) => {
    expect(runRule(gmail({ sendTo: address }), RULE)).toEqual([]);
  });

  it('does not flag ids, numbers failing Luhn, test cards or national numbers', () => {
    const parameters = {
      chatId: '-1001234567890',
      amount: '4539148803436468', // fails Luhn
      testCard: '4242 4242 4242 4242',
      localPhone: '0611223344',
      timestamp: '2024-05-01T10:00:00+0200',
    };
    expect(runRule(gmail(parameters), RULE)).toEqual([]);
  });

  it('skips sticky notes (an author\'s contact line is documentation)', () => {
    const wf = n8nWorkflow({ nodes: [node('About', 'stickyNote', { parameters: { content: 'Made by maria.lopez@fake-mailer.dev' } })] });
    expect(runRule(wf, RULE)).toEqual([]);
  });
});
