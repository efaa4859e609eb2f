import type { Plugin } from 'graphql-yoga';
import { CSS, HTML, JS, assetResponse, packageAssets } from './package-assets.js';

/** The swagger-ui-dist files the page needs, and their types. Nothing else is served. */
const ASSETS = packageAssets('swagger-ui-dist', '', {
  'swagger-ui.css': CSS,
  'swagger-ui-bundle.js': JS,
  'swagger-ui-standalone-preset.js': JS,
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
});

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Workflow Health API — REST /v1</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="stylesheet" href="${base}/page.css">
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${base}/swagger-ui-bundle.js"></script>
  <script src="${base}/swagger-ui-standalone-preset.js"></script>
  <script src="${base}/swagger-initializer.js"></script>
</body>
</html>
`;
}

function initializer(openApiUrl: string): string {
  return `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(openApiUrl)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;
}

/**
 * Swagger UI at `path`, from the installed swagger-ui-dist files (the machine may be offline:
 * Sofa's own Swagger UI page loads the same files from a CDN). The page has no inline script or
 * style, so a CSP with `script-src 'self'` allows it.
 */
export function useSwaggerUi(options: { path: string; openApiUrl: string }): Plugin {
  const { path, openApiUrl } = options;
  const generated: Record<string, { bytes: Buffer; type: string }> = {
    '': { bytes: Buffer.from(page(path)), type: HTML },
    'index.html': { bytes: Buffer.from(page(path)), type: HTML },
    'swagger-initializer.js': { bytes: Buffer.from(initializer(openApiUrl)), type: JS },
    'page.css': { bytes: Buffer.from('body { margin: 0; }\n'), type: CSS },
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path && !url.pathname.startsWith(`${path}/`)) return;
      const name = url.pathname.slice(path.length).replace(/^\//, '');
      const asset = Object.hasOwn(generated, name) ? generated[name] : ASSETS.get(name);
      endResponse(assetResponse(fetchAPI, request.method, asset));
    },
  };
}
