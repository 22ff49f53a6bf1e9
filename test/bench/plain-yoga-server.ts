import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import type * as GraphqlWsUse from 'graphql-ws/use/ws';
import type * as Ws from 'ws';
import { buildPlainSchema, type PlainEvent } from './plain-yoga-schema';

/** The little of a yoga instance used here (the test package has no types of graphql-yoga). */
interface Yoga {
  (request: IncomingMessage, response: ServerResponse): void;
  graphqlEndpoint: string;
  getEnveloped(context: object): {
    schema: GraphQLSchema;
    execute(args: ExecutionArgs): OperationResult;
    subscribe(args: ExecutionArgs): OperationResult;
    contextFactory(): unknown;
    parse(source: string): DocumentNode;
    validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  };
}

/** yoga's in-memory pubsub, with one routing key: `sessionEvent:<instanceId>`. */
interface PubSub {
  publish(topic: 'sessionEvent', instanceId: string, event: PlainEvent): void;
  subscribe(topic: 'sessionEvent', instanceId: string): AsyncIterable<PlainEvent>;
}

interface YogaModule {
  createYoga(options: {
    schema: unknown;
    logging: boolean;
    maskedErrors: boolean;
    graphiql: boolean;
  }): Yoga;
  createPubSub(): PubSub;
  Repeater: {
    merge(
      contenders: Iterable<Iterable<PlainEvent> | AsyncIterable<PlainEvent>>,
    ): AsyncIterable<PlainEvent>;
  };
}

// yoga, graphql-ws and ws as the gateway has them (CommonJS, so that yoga, Pothos and graphql-ws
// share graphql's CommonJS module, as in the gateway).
const fromGateway = createRequire(new URL('../../gateway/package.json', import.meta.url));

/** A running baseline (a) server. */
export interface PlainYogaServer {
  /** `http://127.0.0.1:port`; graphql-ws on `/graphql`, the webhook on `/webhooks/wawp`. */
  url: string;
  /** Executions of `sessionEvents` results so far (snapshots included). */
  executions(): number;
  stop(): Promise<void>;
}

/** The body of a POST, parsed as JSON; null when it is not JSON. */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * Baseline (a) of the `fanout` and `memory` scenarios: a plain graphql-yoga + Pothos server, as
 * most yoga apps fan out. graphql-ws over `ws` on `/graphql` with yoga's envelop execute and
 * subscribe (yoga's documented recipe), so every subscriber executes every event itself; yoga's
 * in-memory `createPubSub`; and `POST /webhooks/wawp`, which turns a `session.status` delivery
 * into a `SessionStatusChanged` and publishes it (no store, no confirmation, any token). Any
 * `connection_init` payload is accepted. `GET /_bench/stats` reports the execution count.
 * Listens on 127.0.0.1, an ephemeral port.
 */
export async function startPlainYogaServer(): Promise<PlainYogaServer> {
  const { createYoga, createPubSub, Repeater } = fromGateway('graphql-yoga') as YogaModule;
  const { useServer } = fromGateway('graphql-ws/use/ws') as typeof GraphqlWsUse;
  const { WebSocketServer } = fromGateway('ws') as typeof Ws;
  const pubsub = createPubSub();
  const statuses = new Map<string, string>();
  let cursor = 0;
  let executions = 0;
  const schema = buildPlainSchema({
    // the snapshot, then the pubsub's events (merge pulls both at once: the pubsub listener is on
    // before the snapshot is consumed, and unsubscribing ends both)
    subscribe: (instanceId) =>
      Repeater.merge([
        [
          {
            __typename: 'SessionSnapshot',
            cursor: String(cursor),
            instanceId,
            occurredAt: new Date(),
            source: 'GATEWAY',
            resumed: true,
            session: { status: statuses.get(instanceId) ?? 'STOPPED', me: null, stale: false },
            qrCode: null,
          },
        ],
        pubsub.subscribe('sessionEvent', instanceId),
      ]),
    onExecution: () => {
      executions += 1;
    },
  });
  const yoga = createYoga({ schema, logging: false, maskedErrors: false, graphiql: false });

  const onWebhook = async (request: IncomingMessage, response: ServerResponse) => {
    const body = (await jsonBody(request)) as {
      instance_id?: string;
      metadata?: { instance_id?: string };
      payload?: { status?: string };
    } | null;
    const instanceId = body?.instance_id ?? body?.metadata?.instance_id;
    const status = body?.payload?.status;
    if (!instanceId || !status) {
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"status":"invalid"}');
      return;
    }
    const previousStatus = statuses.get(instanceId) ?? 'STOPPED';
    statuses.set(instanceId, status);
    cursor += 1;
    pubsub.publish('sessionEvent', instanceId, {
      __typename: 'SessionStatusChanged',
      cursor: String(cursor),
      instanceId,
      occurredAt: new Date(),
      source: 'WEBHOOK',
      status,
      previousStatus,
    });
    response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
  };

  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'POST' && path === '/webhooks/wawp') {
      void onWebhook(request, response);
    } else if (path === '/_bench/stats') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ executions }));
    } else {
      yoga(request, response);
    }
  });
  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  useServer(
    {
      execute: (args: ExecutionArgs) =>
        (args.rootValue as ReturnType<Yoga['getEnveloped']>).execute(args),
      subscribe: (args: ExecutionArgs) =>
        (args.rootValue as ReturnType<Yoga['getEnveloped']>).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document: enveloped.parse(params.query),
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        const errors = enveloped.validate(args.schema, args.document);
        return errors.length > 0 ? errors : (args as ExecutionArgs);
      },
    },
    wsServer,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    executions: () => executions,
    stop: () =>
      new Promise((resolve) => {
        for (const client of wsServer.clients) {
          client.terminate();
        }
        wsServer.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
