import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { CSS, JS, assetResponse, packageAssets } from './package-assets.js';

/** Where the GraphiQL files are served (the page itself is at the GraphQL endpoint). */
export const GRAPHIQL_ASSETS_PATH = '/graphiql';

/** The files of @graphql-yoga/graphiql the page loads; nothing else of the package is served. */
const ASSETS = packageAssets('@graphql-yoga/graphiql', 'dist', {
  'graphiql.css': CSS,
  'yoga-graphiql.umd.js': JS,
  'monacoeditorwork/editor.worker.bundle.js': JS,
  'monacoeditorwork/json.worker.bundle.js': JS,
  'monacoeditorwork/graphql.worker..bundle.js': JS,
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The GraphiQL page for Yoga's `renderGraphiQL` option. Yoga's own page loads its script, styles
 * and editor workers from a public CDN and renders blank offline; this one loads the same files
 * from the installed package. It has no inline script (the options travel in a JSON data block
 * that /graphiql/init.js reads), so the pages' CSP (security-headers.ts) needs no hash for it.
 */
export function renderGraphiQLPage(options: GraphiQLOptions): string {
  const base = GRAPHIQL_ASSETS_PATH;
  const title = escapeHtml(options.title ?? 'GraphiQL');
  // `<` escaped so the JSON cannot close the element it sits in.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title}</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${base}/graphiql.css">
</head>
<body id="body" class="no-focus-outline">
  <noscript>GraphiQL needs JavaScript.</noscript>
  <div id="root">Loading ${title}…</div>
  <script type="application/json" id="graphiql-options">${json}</script>
  <script src="${base}/init.js"></script>
  <script src="${base}/yoga-graphiql.umd.js"></script>
</body>
</html>
`;
}

/**
 * Runs before the bundle: tells Monaco where its workers are (same origin, no blob URLs), then
 * renders once the bundle has loaded.
 */
const INIT = `(function () {
  var workers = {
    editorWorkerService: 'editor.worker.bundle.js',
    json: 'json.worker.bundle.js',
    graphql: 'graphql.worker..bundle.js'
  };
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return ${JSON.stringify(`${GRAPHIQL_ASSETS_PATH}/monacoeditorwork/`)} + (workers[label] || workers.editorWorkerService);
    }
  };
  document.addEventListener('DOMContentLoaded', function () {
    var options = JSON.parse(document.getElementById('graphiql-options').textContent);
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
  });
})();
`;

/** Serves the GraphiQL files under /graphiql/ (only when GraphiQL is on). */
export function useGraphiQLAssets(): Plugin {
  const prefix = `${GRAPHIQL_ASSETS_PATH}/`;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(prefix)) return;
      const name = url.pathname.slice(prefix.length);
      const asset = name === 'init.js' ? { bytes: Buffer.from(INIT), type: JS } : ASSETS.get(name);
      endResponse(assetResponse(fetchAPI, request.method, asset));
    },
  };
}
