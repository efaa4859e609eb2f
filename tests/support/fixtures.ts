/** A small valid NATIVE workflow: a schedule trigger calling an API. */
export const nativeWorkflow = (name = 'Native flow') => ({
  format: 'native',
  version: 1,
  name,
  nodes: [
    { id: 't', name: 'Start', kind: 'TRIGGER', type: 'schedule' },
    { id: 'a', name: 'Call API', kind: 'ACTION', type: 'http' },
  ],
  edges: [{ from: 'Start', to: 'Call API' }],
});
