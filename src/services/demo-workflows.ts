/**
 * Sample n8n workflows for the development demo organization: small, written here, each showing
 * typical findings (an unauthenticated webhook, HTTP calls without retry, a dead branch…).
 */
const node = (name: string, type: string, position: [number, number], extra: Record<string, unknown> = {}) => ({
  id: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
  name,
  type,
  typeVersion: 1,
  position,
  parameters: {},
  ...extra,
});
const to = (target: string) => [[{ node: target, type: 'main', index: 0 }]];

export const DEMO_WORKFLOWS: { location: 0 | 1; name: string; status: 'ACTIVE' | 'DRAFT'; workflow: Record<string, unknown> }[] = [
  {
    location: 0,
    name: 'New order to Slack',
    status: 'ACTIVE',
    workflow: {
      name: 'New order to Slack',
      active: true,
      nodes: [
        node('Webhook', 'n8n-nodes-base.webhook', [0, 0], { parameters: { path: 'orders', httpMethod: 'POST' } }),
        node('Fetch customer', 'n8n-nodes-base.httpRequest', [220, 0], { typeVersion: 4, parameters: { url: 'https://crm.example.com/api/customers' } }),
        node('Post to Slack', 'n8n-nodes-base.slack', [440, 0], { parameters: { channel: '#orders', text: '={{ $json.name }} ordered' } }),
        node('Old formatter', 'n8n-nodes-base.function', [440, 200], { parameters: { functionCode: 'return items;' } }),
      ],
      connections: { Webhook: { main: to('Fetch customer') }, 'Fetch customer': { main: to('Post to Slack') } },
      settings: {},
    },
  },
  {
    location: 0,
    name: 'Nightly inventory sync',
    status: 'ACTIVE',
    workflow: {
      name: 'Nightly inventory sync',
      active: true,
      nodes: [
        node('Every night', 'n8n-nodes-base.scheduleTrigger', [0, 0], { parameters: { rule: { interval: [{ field: 'days' }] } } }),
        node('Read stock', 'n8n-nodes-base.httpRequest', [220, 0], { typeVersion: 4, retryOnFail: true, maxTries: 3, parameters: { url: 'https://erp.example.com/stock' } }),
        node('Low stock?', 'n8n-nodes-base.if', [440, 0], { parameters: { conditions: { number: [{ value1: '={{ $json.qty }}', operation: 'smaller', value2: 5 }] } } }),
        node('Email buyer', 'n8n-nodes-base.emailSend', [660, 0], { onError: 'continueRegularOutput', parameters: { subject: 'Low stock', toEmail: '={{ $json.buyer }}' } }),
      ],
      connections: { 'Every night': { main: to('Read stock') }, 'Read stock': { main: to('Low stock?') }, 'Low stock?': { main: [[{ node: 'Email buyer', type: 'main', index: 0 }], []] } },
      settings: { errorWorkflow: 'error-handler' },
    },
  },
  {
    location: 1,
    name: 'Manual invoice export',
    status: 'DRAFT',
    workflow: {
      name: 'Manual invoice export',
      active: false,
      nodes: [
        node('When clicking "Execute workflow"', 'n8n-nodes-base.manualTrigger', [0, 0]),
        node('HTTP Request', 'n8n-nodes-base.httpRequest', [220, 0], { typeVersion: 4, parameters: { url: 'https://billing.example.com/invoices' } }),
        node('Spreadsheet File', 'n8n-nodes-base.spreadsheetFile', [440, 0]),
      ],
      connections: { 'When clicking "Execute workflow"': { main: to('HTTP Request') }, 'HTTP Request': { main: to('Spreadsheet File') } },
      settings: {},
    },
  },
];
