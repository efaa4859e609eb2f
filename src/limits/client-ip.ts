/**
 * The client address a per-IP limit counts. By default the socket's peer address: a header any
 * client can write must not choose the counter. Behind N trusted proxies (TRUST_PROXY=N) each
 * proxy appends the address it received from, so the client is the N-th entry from the right of
 * X-Forwarded-For (entries further left were written by the client and are ignored).
 */
export function clientIp(request: Request, serverContext: object, trustProxyHops: number): string {
  const socketAddress = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req?.socket?.remoteAddress ?? 'unknown';
  if (trustProxyHops <= 0) return socketAddress;
  const forwarded = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustProxyHops] ?? forwarded[0] ?? socketAddress;
}
