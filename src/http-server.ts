import { createServer, type IncomingMessage, type Server as HttpNodeServer, type ServerResponse } from 'node:http';
import { Server, type Socket } from 'node:net';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from './logger.js';

export interface HttpServerOptions {
  /** How long an idle keep-alive connection stays open (headersTimeout is set 1 s above it). */
  keepAliveTimeoutMs: number;
  log: Logger;
  /**
   * Runs before the handler and either answers or calls `next` to hand the request on unchanged
   * (the response cache's hit path).
   */
  front?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

export interface HttpServer {
  server: HttpNodeServer;
  /**
   * Graceful stop: every request that arrived before the call is answered (with
   * `Connection: close`), idle connections close at once, and the promise resolves as soon as
   * the last connection is gone — or at `timeoutMs`, when what is left is cut.
   */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * The node:http server around the app. Two things the app cannot do itself:
 * - an absolute-form request target (`GET http://host/v1/me HTTP/1.1`, valid HTTP/1.1) is
 *   reduced to its path before the fetch adapter builds a URL from it (it answered 500
 *   "Invalid URL"); a target that is neither form is 400;
 * - the shutdown sequence above.
 */
export function createHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void, options: HttpServerOptions): HttpServer {
  let draining = false;
  const open = new Set<ServerResponse>();
  /** Requests answered per connection: 0 means it has not sent (or we have not read) one yet. */
  const served = new Map<Socket, number>();

  let arrivals = 0;
  const server = createServer((req, res) => {
    arrivals++;
    if (draining) res.setHeader('connection', 'close');
    open.add(res);
    // Taken now: when an answer ends the connection early (a 413 while the client still sends),
    // \`req.socket\` is already null at 'close', and the connection must not be counted again.
    const socket = req.socket;
    res.once('close', () => {
      open.delete(res);
      const count = served.get(socket);
      if (count !== undefined) served.set(socket, count + 1);
    });
    const target = req.url ?? '/';
    if (!target.startsWith('/')) {
      const path = originFormOf(target);
      if (path === null) {
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
        res.end(JSON.stringify({ errors: [{ message: 'The request target must be a path or an absolute http(s) URL', extensions: { code: 'BAD_USER_INPUT' } }] }));
        return;
      }
      req.url = path;
    }
    const pass = () => (options.front ? options.front(req, res, () => handler(req, res)) : handler(req, res));
    if (readsWhole(req)) readBody(req, pass);
    else pass();
  });
  server.on('connection', (socket: Socket) => {
    arrivals++;
    served.set(socket, 0);
    socket.once('close', () => served.delete(socket));
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs;
  // Must exceed keepAliveTimeout, or a slow client's headers on a reused socket race the close.
  server.headersTimeout = options.keepAliveTimeoutMs + 1000;

  const settle = async () => {
    for (let quiet = 0, turn = 0; quiet < 2 && turn < 200; turn++) {
      const before = arrivals;
      await nextTurn();
      quiet = arrivals === before ? quiet + 1 : 0;
    }
  };

  const inFlight = () => new Set([...open].map((res) => res.req.socket));

  const drain = async (timeoutMs: number) => {
    draining = true;
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    const closed = new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        options.log.warn({ timeoutMs }, 'shutdown deadline reached: closing remaining connections');
        server.closeAllConnections();
      }, timeoutMs);
      deadline.unref();
      server.once('close', () => {
        clearTimeout(deadline);
        resolve();
      });
    });
    // On a busy event loop, connections the kernel accepted and bytes it received may not have
    // been taken in yet (one connection per turn was seen while requests ran): they are requests
    // that arrived before the signal. Turns of the loop take them in until two turns bring no new
    // connection or request; only then does the listener close (closing it resets what the
    // kernel still holds).
    await settle();
    // net.Server's close: stops accepting but, unlike http.Server's, does not also close every
    // connection that has not been read yet.
    Server.prototype.close.call(server);
    // Keep-alive connections waiting for a next request: closed at once.
    const busy = inFlight();
    for (const [socket, count] of served) if (count > 0 && !busy.has(socket)) socket.destroy();
    // New connections get a moment for their first request (answered with Connection: close);
    // then whatever sent nothing is closed too.
    await Promise.all([settle(), sleep(100)]);
    server.closeIdleConnections();
    await closed;
  };

  return { server, drain };
}


/** `http://host/p?q` -> `/p?q`; null when the target is not an absolute http(s) URL. */
function originFormOf(target: string): string | null {
  try {
    const url = new URL(target);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return `${url.pathname}${url.search}`;
  } catch {
    return null;
  }
}

/** Request bodies read here at most (larger ones go to Yoga as a stream, under its own limit). */
const SMALL_BODY_BYTES = 64 * 1024;

/** A POST whose declared body is small and plain (GraphQL and REST JSON, in practice). */
function readsWhole(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.headers['content-encoding']) return false;
  const length = Number(req.headers['content-length']);
  return length > 0 && length <= SMALL_BODY_BYTES;
}

/**
 * Reads the body into `req.body`, which the fetch adapter takes instead of the stream: piping
 * the stream costs a stream pipeline and an aborted AbortController (a DOMException with its
 * stack) per request, about 8% of an uncached list request. The cache's hit path reads it too.
 */
function readBody(req: IncomingMessage, then: () => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('error', () => undefined); // the socket is gone; nothing to answer
  req.once('end', () => {
    (req as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks);
    then();
  });
}
