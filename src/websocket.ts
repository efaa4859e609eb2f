import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { App } from './app.js';
import type { Logger } from './logger.js';

/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the API's port and path (/graphql), for
 * subscriptions. The same authentication as HTTP: the bearer key travels in the connection
 * params (`{ "authorization": "Bearer <key>" }`), and every operation runs through the same
 * Yoga/Envelop plugins, context and schema as an HTTP request (see Yoga's graphql-ws recipe).
 */
export interface GraphQLWebSocket {
  /** Closes every socket (1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

type Params = { authorization?: unknown; Authorization?: unknown };

const bearerOf = (params: Readonly<Params> | undefined) => {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
};

export function attachGraphQLWebSocket(server: Server, app: App, log: Logger): GraphQLWebSocket {
  const wss = new WebSocketServer({ server, path: app.graphqlEndpoint });
  wss.on('error', (error) => log.warn({ err: { message: error.message } }, 'websocket server error'));

  /** The HTTP request an operation stands for: what the context factory authenticates. */
  const requestFor = (params: Readonly<Params> | undefined) => {
    const authorization = bearerOf(params);
    return new app.fetchAPI.Request('http://websocket/graphql', { method: 'POST', headers: authorization ? { authorization } : {} });
  };

  useServer<Params>(
    {
      execute: (args) => (args.rootValue as { execute: (a: ExecutionArgs) => unknown }).execute(args) as never,
      subscribe: (args) => (args.rootValue as { subscribe: (a: ExecutionArgs) => unknown }).subscribe(args) as never,
      onSubscribe: async (ctx, _id, payload) => {
        const request = requestFor(ctx.connectionParams);
        const { schema, execute, subscribe, contextFactory, parse, validate } = app.getEnveloped({ ...ctx, request, params: payload });
        let contextValue;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // A bad key: the operation's error (UNAUTHENTICATED), as over HTTP.
          if (error instanceof GraphQLError) return [error];
          throw error;
        }
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue,
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
    },
    wss,
  );

  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
