/**
 * The path of a request's URL. whatwg-node's Request (what Yoga hands plugins on Node) parses
 * its URL once and keeps it as `parsedUrl`; several plugins read the path of every request, and
 * a `new URL()` each cost about as much as the rest of their work.
 */
export function pathOf(request: Request): string {
  const parsed = (request as { parsedUrl?: URL }).parsedUrl;
  return (parsed instanceof URL ? parsed : new URL(request.url, 'http://local')).pathname;
}
