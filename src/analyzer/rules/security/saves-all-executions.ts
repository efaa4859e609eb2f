import { defineRule } from '../rule.js';

/**
 * n8n stores an execution's full data when the workflow setting says 'all'; when the setting is
 * absent or 'DEFAULT' the instance's EXECUTIONS_DATA_SAVE_ON_SUCCESS / _ON_ERROR decide, which
 * the file cannot tell us. So only an explicit 'all' for both is this workflow's own choice.
 */
export const savesAllExecutions = defineRule({
  id: 'security/saves-all-executions',
  category: 'SECURITY',
  severity: 'LOW',
  title: 'Every execution saved in full',
  description:
    'The workflow explicitly saves the full data of both successful and failed executions: every payload it handles (personal data, tokens in responses) is kept in the n8n database.',
  remediation:
    'Save successful executions only when you need them ("Save successful production executions": Do not save), and prune execution data (EXECUTIONS_DATA_PRUNE / MAX_AGE).',
  *check(ctx) {
    const { saveDataSuccessExecution, saveDataErrorExecution } = ctx.graph.settings;
    if (saveDataSuccessExecution !== 'all' || saveDataErrorExecution !== 'all') return;
    yield {
      message:
        'Workflow settings save the full data of every successful and failed execution (saveDataSuccessExecution and saveDataErrorExecution "all")',
    };
  },
});
