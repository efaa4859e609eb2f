import { defineRule } from '../rule.js';

/**
 * Catalog entry only: the importer finds these problems (no nodes array, a node without a name,
 * a malformed position) and the engine reports its import issues under this id itself, before
 * any rule runs. The check therefore has nothing left to look at.
 */
export const invalidWorkflow = defineRule({
  id: 'structure/invalid-workflow',
  category: 'STRUCTURE',
  severity: 'CRITICAL',
  title: 'Invalid workflow',
  description:
    'The file is not a valid workflow: no nodes array, nodes without a name or type, or a malformed position. The platform cannot import or run it.',
  remediation: 'Re-export the workflow from the editor, or fix the reported field so every node has a name, a type and a [x, y] position.',
  check: () => [],
});
