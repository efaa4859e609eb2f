/**
 * Human names of node types, for messages ("HTTP Request node "Get users" …") and for spotting
 * nodes still carrying the name n8n gave them. n8n names a new node after its type's display name
 * (adding digits for the second one: "HTTP Request1"); display names changed across versions
 * ("Set" became "Edit Fields", "IF" became "If"), so a type may have several.
 */

/** Display names (current first) of the types whose name is not their camelCase split. */
// A Map: the key comes from the file, and `constructor` must not find Object.prototype's.
const DISPLAY_NAMES: ReadonlyMap<string, readonly string[]> = new Map(Object.entries({
  httpRequest: ['HTTP Request'],
  httpRequestTool: ['HTTP Request', 'HTTP Request Tool'],
  set: ['Edit Fields', 'Set'],
  if: ['If', 'IF'],
  noOp: ['No Operation, do nothing', 'NoOp'],
  manualTrigger: [
    "When clicking 'Execute workflow'",
    'When clicking ‘Execute workflow’',
    "When clicking 'Test workflow'",
    'When clicking ‘Test workflow’',
    "On clicking 'execute'",
    'Manual Trigger',
  ],
  splitInBatches: ['Loop Over Items', 'Split In Batches', 'SplitInBatches'],
  executeWorkflowTrigger: ['When Executed by Another Workflow', 'Execute Workflow Trigger'],
  executeWorkflow: ['Execute Workflow', 'Execute Sub-workflow'],
  respondToWebhook: ['Respond to Webhook'],
  html: ['HTML'],
  xml: ['XML'],
  graphql: ['GraphQL'],
  ftp: ['FTP'],
  ssh: ['SSH'],
  emailSend: ['Send Email'],
  emailReadImap: ['Email Trigger (IMAP)', 'EmailReadImap', 'IMAP Email'],
  readWriteFile: ['Read/Write Files from Disk'],
  readBinaryFile: ['Read Binary File'],
  readBinaryFiles: ['Read Binary Files'],
  writeBinaryFile: ['Write Binary File'],
  moveBinaryData: ['Convert to/from binary data', 'Move Binary Data'],
  convertToFile: ['Convert to File'],
  extractFromFile: ['Extract from File'],
  dateTime: ['Date & Time'],
  stopAndError: ['Stop and Error'],
  functionItem: ['Function Item', 'FunctionItem'],
  formTrigger: ['On form submission', 'n8n Form Trigger', 'Form Trigger'],
  chatTrigger: ['When chat message received', 'Chat Trigger'],
  manualChatTrigger: ['On new manual Chat Message', 'Manual Chat Trigger'],
  stickyNote: ['Sticky Note'],
  openAi: ['OpenAI'],
  googleSheets: ['Google Sheets'],
  github: ['GitHub'],
  gitlab: ['GitLab'],
  hubspot: ['HubSpot'],
  mySql: ['MySQL'],
  microsoftSql: ['Microsoft SQL'],
  mongoDb: ['MongoDB'],
  youTube: ['YouTube'],
  linkedIn: ['LinkedIn'],
  twitter: ['X', 'Twitter'],
  rssFeedRead: ['RSS Read', 'RSS Feed Read'],
  n8n: ['n8n'],
  awsSes: ['AWS SES'],
  pagerDuty: ['PagerDuty'],
  mondayCom: ['Monday.com'],
  wooCommerce: ['WooCommerce'],
  googleBigQuery: ['Google BigQuery'],
  agent: ['AI Agent'],
  chainLlm: ['Basic LLM Chain'],
  chainSummarization: ['Summarization Chain'],
  chainRetrievalQa: ['Question and Answer Chain'],
  lmChatOpenAi: ['OpenAI Chat Model'],
  lmChatGoogleGemini: ['Google Gemini Chat Model'],
  lmChatAnthropic: ['Anthropic Chat Model'],
  lmChatOpenRouter: ['OpenRouter Chat Model'],
  lmChatOllama: ['Ollama Chat Model'],
  lmOllama: ['Ollama Model'],
  lmOpenAi: ['OpenAI Model'],
  lmChatGroq: ['Groq Chat Model'],
  lmChatDeepSeek: ['DeepSeek Chat Model'],
  memoryBufferWindow: ['Simple Memory', 'Window Buffer Memory'],
  outputParserStructured: ['Structured Output Parser'],
  outputParserAutofixing: ['Auto-fixing Output Parser'],
  outputParserItemList: ['Item List Output Parser'],
  embeddingsOpenAi: ['Embeddings OpenAI'],
  embeddingsGoogleGemini: ['Embeddings Google Gemini'],
  documentDefaultDataLoader: ['Default Data Loader'],
  textSplitterRecursiveCharacterTextSplitter: ['Recursive Character Text Splitter'],
  toolWorkflow: ['Call n8n Workflow Tool', 'Call n8n Sub-Workflow Tool'],
  toolHttpRequest: ['HTTP Request', 'HTTP Request Tool'],
  toolCode: ['Code Tool', 'Custom Code Tool'],
  toolCalculator: ['Calculator'],
  toolWikipedia: ['Wikipedia'],
  toolSerpApi: ['SerpAPI'],
  informationExtractor: ['Information Extractor'],
  textClassifier: ['Text Classifier'],
  sentimentAnalysis: ['Sentiment Analysis'],
  vectorStoreInMemory: ['In-Memory Vector Store', 'Simple Vector Store'],
  vectorStorePGVector: ['Postgres PGVector Store'],
} satisfies Record<string, readonly string[]>));

/** `n8n-nodes-base.httpRequest` -> `httpRequest`. */
export function shortType(type: string): string {
  const dot = type.lastIndexOf('.');
  return dot === -1 ? type : type.slice(dot + 1);
}

/** `googleCalendarTrigger` -> `Google Calendar Trigger`: n8n's usual display name. */
function splitCamelCase(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Every display name a node of this type may have been given by n8n, current first. */
export function displayNamesOf(type: string): readonly string[] {
  const short = shortType(type);
  const known = DISPLAY_NAMES.get(short);
  if (known) return known;
  // App tool variants (gmailTool) are named after the app, sometimes with " Tool".
  if (short.endsWith('Tool') && short.length > 4) {
    const app = displayNamesOf(short.slice(0, -4));
    return [...app, ...app.map((name) => `${name} Tool`)];
  }
  return [splitCamelCase(short)];
}

/** How messages refer to a node type: "HTTP Request", "Postgres", "Code". */
export function displayNameOf(type: string): string {
  return displayNamesOf(type)[0] ?? type;
}

/** `HTTP Request node "Get users"`: the opening of most messages. */
export function describeNode(node: { type: string; name: string }): string {
  return `${displayNameOf(node.type)} node "${node.name}"`;
}
