import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'graphql-yoga';

/**
 * The swagger-ui-dist files the page needs, and their types. Nothing else is served. A Map, not
 * an object literal: the name comes from the URL, and `/api-docs/constructor` must not find
 * Object.prototype's members.
 */
const ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
  ['favicon-32x32.png', 'image/png'],
  ['favicon-16x16.png', 'image/png'],
]);

function page(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Workflow Health API — REST /v1</title>
  <link rel="stylesheet" href="${base}/swagger-ui.css">
  <link rel="icon" type="image/png" href="${base}/favicon-32x32.png" sizes="32x32">
  <style>body { margin: 0; }</style>
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
 * Sofa's own Swagger UI page loads the same files from a CDN). Files are read once, on first use.
 */
export function useSwaggerUi(options: { path: string; openApiUrl: string }): Plugin {
  const { path, openApiUrl } = options;
  let dir: string | undefined;
  const cache = new Map<string, Buffer>();
  const read = (name: string) => {
    dir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    let bytes = cache.get(name);
    if (!bytes) cache.set(name, (bytes = readFileSync(join(dir, name))));
    return bytes;
  };

  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== path && !url.pathname.startsWith(`${path}/`)) return;
      const send = (body: string | Buffer, type: string, status = 200) =>
        endResponse(
          new fetchAPI.Response(typeof body === 'string' ? body : new Uint8Array(body), {
            status,
            headers: { 'content-type': type, 'cache-control': status === 200 ? 'public, max-age=3600' : 'no-store' },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') return send('Not found\n', 'text/plain; charset=utf-8', 404);
      const name = url.pathname.slice(path.length).replace(/^\//, '');
      if (name === '' || name === 'index.html') return send(page(path), 'text/html; charset=utf-8');
      if (name === 'swagger-initializer.js') return send(initializer(openApiUrl), 'text/javascript; charset=utf-8');
      const type = ASSETS.get(name);
      if (!type) return send('Not found\n', 'text/plain; charset=utf-8', 404);
      return send(read(name), type);
    },
  };
}
