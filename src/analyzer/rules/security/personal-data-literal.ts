import { defineRule } from '../rule.js';
import { describeNode } from '../node-display-names.js';
import { literalText, mask, stringParameters } from '../params.js';
import { findPersonalData } from './personal-data-patterns.js';

/**
 * Personal data typed into a workflow is copied into every export, template and execution log.
 * Only literal text counts: what an expression reads at run time is data flowing through, not
 * data stored in the definition. Sticky notes are skipped: an author's contact line in the
 * documentation is not the workflow processing someone's data.
 */
export const personalDataLiteral = defineRule({
  id: 'security/personal-data-literal',
  category: 'SECURITY',
  severity: 'MEDIUM',
  title: 'Personal data written into the workflow',
  description:
    'Literal e-mail addresses of people, international phone numbers or payment card numbers (Luhn-checked) in node parameters. Role mailboxes (info@, support@…), documentation domains (example.com) and published test card numbers are ignored.',
  remediation:
    'Keep personal data out of the definition: read recipients and contact details from a data source or a variable, and never store card numbers in a workflow.',
  *check(ctx) {
    for (const node of ctx.nodes) {
      if (node.kind === 'NOTE') continue;
      for (const entry of stringParameters(node.parameters)) {
        const found = findPersonalData(literalText(entry.value));
        if (!found) continue;
        yield {
          node,
          message: `${describeNode(node)} contains a literal ${found.kind} (${mask(found.text)}) in ${entry.path()}`,
        };
        break; // one finding per node: the first is enough to act on
      }
    }
  },
});
