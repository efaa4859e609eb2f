import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { pathOf } from './request-path.js';

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * The Content-Security-Policy of an HTML page: scripts only from this origin plus the page's own
 * inline bootstrap scripts, by hash (ours have none today; computed from the page served, so
 * the policy follows whichever page and assets are in use); styles from this origin and inline
 * (both UIs inject style elements at run time); no framing, no plugins, no foreign connections.
 */
export function contentSecurityPolicy(html: string): string {
  const hashes = [...html.matchAll(INLINE_SCRIPT)]
    .map((m) => m[1]!)
    .filter((code) => code.trim() !== '')
    .map((code) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`);
  return [
    "default-src 'self'",
    `script-src 'self' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff` everywhere; on HTML pages
 * (GraphiQL, Swagger UI) a CSP, `Referrer-Policy: no-referrer` and no framing; and
 * `Cache-Control: no-store` on API answers (tenant data) unless something upstream — a response
 * cache — has already chosen a policy.
 */
export function useSecurityHeaders(): Plugin {
  return {
    // Synchronous except for HTML pages (an async hook costs every answer a promise).
    onResponse({ request, response }) {
      const headers = response.headers;
      headers.set('x-content-type-options', 'nosniff');
      const path = pathOf(request);
      if (!headers.has('cache-control') && (path === '/graphql' || path.startsWith('/v1/'))) headers.set('cache-control', 'no-store');
      if ((headers.get('content-type') ?? '').startsWith('text/html')) return protectPage(response);
    },
  };
}

async function protectPage(response: Response): Promise<void> {
  const headers = response.headers;
  headers.set('content-security-policy', contentSecurityPolicy(await response.clone().text()));
  headers.set('referrer-policy', 'no-referrer');
  headers.set('x-frame-options', 'DENY');
}
