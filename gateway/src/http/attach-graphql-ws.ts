import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorCode, gatewayError, streamInterrupted } from '@wawp-gateway/schema';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { type ExecutionArgs, type FormattedExecutionResult, GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket, WebSocketServer } from 'ws';
import { createInterner } from '../lib/interner';
import { withoutInternals } from './client-result';
import type { GatewayYoga } from './create-yoga';
import { crossOriginOf } from './cross-origin';
import { LIMITS } from './limits';
import { createMessageRate } from './message-rate';
import type { StreamRegistry } from './stream-registry';
import { withErrorCodes } from './use-error-codes';
import { refuseServerMessages } from './ws-client-messages';
import { createOperationSignals } from './ws-operation-signals';

export interface GraphQLWsOptions {
  /**
   * Validates `connectionParams.authorization`: the key's stream-registry key, or `null`, which
   * closes the socket with 4403.
   */
  authorize(
    authorization: string | null,
    from: { crossOrigin: string | null },
  ): Promise<string | null>;
  /**
   * Extra paths served like yoga's endpoint, whose credential may also come from the upgrade
   * request (`credentialOf`, e.g. a connect link's cookie) and whose pages may be on another
   * origin (the credential itself then decides, see `authorize`).
   */
  extraPaths?: { path: string; credentialOf(req: IncomingMessage): string | null }[];
  /** Where sockets are counted per key (past the cap: 1008) and closed when it is revoked. */
  streams: Pick<StreamRegistry, 'open'>;
  /**
   * The per-key request budget of a `subscribe` message: `null` lets it through, else the error
   * that operation gets (the socket stays open).
   */
  admit?(authorization: string | null, address: string | null): GraphQLError | null;
  /** Origins allowed besides the gateway's own host (browsers send `Origin` on the upgrade). */
  allowedOrigins: string[];
  /** Reports a failure to authorize (e.g. the database is down); the socket closes with 1013. */
  onError(error: unknown): void;
}

type Enveloped = ReturnType<GatewayYoga['getEnveloped']>;
interface RootWithEnvelope {
  execute: Enveloped['execute'];
  subscribe: Enveloped['subscribe'];
}

/** Distinct subscription documents whose text is kept once for all their subscriptions. */
const MAX_DISTINCT_QUERIES = 1_000;

const originAllowed = (req: IncomingMessage, allowed: string[]) => {
  const origin = req.headers.origin;
  if (!origin) {
    return true; // not a browser: no cross-site hijacking possible
  }
  try {
    return new URL(origin).host === req.headers.host || allowed.includes(origin);
  } catch {
    return false;
  }
};

/**
 * Consecutive frames to one socket leave in one write: an event fanned out to the subscriptions
 * of a socket costs one syscall instead of one per subscription (most of the fan-out's CPU time
 * at 10,000 subscribers, see test/bench). A socket's batch is flushed as soon as a frame for
 * another socket is sent, and the last one once the current tick's microtasks have run, so no
 * frame waits for the whole fan-out. Order is kept; close and ping frames are not delayed longer.
 */
function createSendCoalescer() {
  let corked: Duplex | null = null;
  const flush = () => {
    const socket = corked;
    corked = null;
    socket?.uncork();
  };
  return (ws: WebSocket, socket: Duplex): void => {
    const send = ws.send.bind(ws);
    ws.send = ((...args: Parameters<WebSocket['send']>) => {
      if (corked !== socket) {
        if (corked === null) {
          process.nextTick(flush);
        } else {
          corked.uncork();
        }
        corked = socket;
        socket.cork();
      }
      send(...args);
    }) as WebSocket['send'];
  };
}

/**
 * Closes a socket that floods the gateway with messages (1008), and drops what it sends after
 * that: graphql-ws never sees the messages over the limit.
 */
function limitMessageRate(ws: WebSocket): void {
  const rate = createMessageRate({
    perSecond: LIMITS.wsMessagesPerSecond,
    burst: LIMITS.wsMessageBurst,
  });
  const emit = ws.emit.bind(ws);
  let flooded = false;
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'message' && (flooded || !rate.take())) {
      if (!flooded) {
        flooded = true;
        ws.close(CloseCode.PolicyViolation, 'Too many messages');
      }
      return false;
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}

/**
 * Serves graphql-ws on the same port and path as yoga, through yoga's envelope (same schema,
 * limits and context factory). Returns a `close` that ends every socket with 1012 (service
 * restart), which clients treat as retryable.
 */
export function attachGraphQLWs(server: Server, yoga: GatewayYoga, options: GraphQLWsOptions) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: LIMITS.wsPayloadBytes,
    perMessageDeflate: false,
  });
  const coalesceSends = createSendCoalescer();
  const handshakes = new Map<string, number>();
  const settleHandshake = new WeakMap<WebSocket, () => void>();
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const extra = options.extraPaths?.find((candidate) => candidate.path === path);
    if (path !== yoga.graphqlEndpoint && !extra) {
      socket.destroy();
      return;
    }
    if (!extra && !originAllowed(req, options.allowedOrigins)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Sockets that have not been acknowledged yet cost memory and an authorization each: one
    // address may hold only so many at once.
    const address = req.socket.remoteAddress ?? 'unknown';
    const pending = handshakes.get(address) ?? 0;
    if (pending >= LIMITS.wsHandshakesPerAddress) {
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    handshakes.set(address, pending + 1);
    let settled = false;
    const settle = () => {
      if (!settled) {
        settled = true;
        const left = (handshakes.get(address) ?? 1) - 1;
        left > 0 ? handshakes.set(address, left) : handshakes.delete(address);
      }
    };
    socket.once('close', settle);
    wss.handleUpgrade(req, socket, head, (ws) => {
      coalesceSends(ws, socket);
      // first, so the rate limit (wrapping it) still counts a refused message
      refuseServerMessages(ws);
      limitMessageRate(ws);
      settleHandshake.set(ws, settle);
      wss.emit('connection', ws, req);
    });
  };
  server.on('upgrade', onUpgrade);

  const subscriptions = new WeakMap<object, number>();
  const queries = createInterner(MAX_DISTINCT_QUERIES);
  /** The socket's close functions, made once per socket, not once per subscription. */
  const closers = new WeakMap<WebSocket, { closeRetryable(): void; closeForbidden(): void }>();
  const closersOf = (socket: WebSocket) => {
    let made = closers.get(socket);
    if (!made) {
      made = {
        closeRetryable: () =>
          socket.close(CloseCode.TryAgainLater, 'Too far behind; resume by cursor'),
        closeForbidden: () => socket.close(CloseCode.Forbidden, 'API key revoked'),
      };
      closers.set(socket, made);
    }
    return made;
  };
  const signals = createOperationSignals();
  const authorizationOf = (ctx: {
    connectionParams?: Record<string, unknown> | undefined;
    extra: { request: IncomingMessage };
  }) => {
    const given = ctx.connectionParams?.authorization;
    if (typeof given === 'string') {
      return given;
    }
    const request = ctx.extra.request;
    const path = new URL(request.url ?? '/', 'http://gateway').pathname;
    const credential = options.extraPaths
      ?.find((candidate) => candidate.path === path)
      ?.credentialOf(request);
    return credential ? `Bearer ${credential}` : null;
  };
  const crossOriginOfSocket = (request: IncomingMessage) => crossOriginOf(request.headers);

  useServer(
    {
      execute: (args: ExecutionArgs) => (args.rootValue as RootWithEnvelope).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as RootWithEnvelope).subscribe(args),
      onConnect: async (ctx) => {
        const socket = ctx.extra.socket;
        try {
          const key = await options.authorize(authorizationOf(ctx), {
            crossOrigin: crossOriginOfSocket(ctx.extra.request),
          });
          if (key === null) {
            return false;
          }
          const release = options.streams.open(key, () =>
            socket.close(CloseCode.Forbidden, 'API key revoked'),
          );
          if (!release) {
            socket.close(CloseCode.PolicyViolation, 'Too many streams for this key');
            return false;
          }
          socket.once('close', release);
          return true;
        } catch (error) {
          // Not the client's fault: close as retryable instead of 4403 (which reads as a bad key).
          options.onError(error);
          socket.close(CloseCode.TryAgainLater, 'Temporarily unavailable');
          return false;
        } finally {
          settleHandshake.get(socket)?.();
        }
      },
      onSubscribe: async (ctx, id, params) => {
        // graphql-ws keeps the message as long as the subscription runs: one copy of its text
        (params as { query: string }).query = queries.intern(params.query);
        const authorization = authorizationOf(ctx);
        const refused = options.admit?.(
          authorization,
          ctx.extra.request.socket.remoteAddress ?? null,
        );
        if (refused) {
          return [refused];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
          connectionAuthorization: authorization,
          connectionCrossOrigin: crossOriginOfSocket(ctx.extra.request),
          ...closersOf(ctx.extra.socket),
          operationSignal: signals.open(ctx.extra.socket, id),
        });
        // an operation refused below never runs, so graphql-ws never completes it
        const refuse = (errors: readonly GraphQLError[]) => {
          signals.end(ctx.extra.socket, id);
          return errors;
        };
        // A bad document is the client's error: answer it on that subscription instead of
        // letting the throw close the whole socket with 4500.
        let document: ExecutionArgs['document'];
        let errors: readonly GraphQLError[];
        try {
          document = parse(params.query);
          errors = validate(schema, document);
        } catch (error) {
          // Armor's limits throw from parse/validate; they fail this operation only. Anything
          // else thrown there is about this document too: never a 4500 for the whole socket.
          if (error instanceof GraphQLError) {
            return refuse([error]);
          }
          yoga.logger.warn('graphql-ws: parsing or validating a document failed', error);
          return refuse([
            gatewayError(ErrorCode.BadUserInput, 'The document could not be processed'),
          ]);
        }
        if (errors.length > 0) {
          return refuse(errors);
        }
        // Only operations that run count towards the cap: a rejected document costs nothing.
        const count = (subscriptions.get(ctx.extra.socket) ?? 0) + 1;
        if (count > LIMITS.subscriptionsPerSocket) {
          const message = 'Too many subscriptions on one socket';
          ctx.extra.socket.close(CloseCode.PolicyViolation, message);
          return refuse([new GraphQLError(message)]);
        }
        // taken before the await, so concurrent subscribes cannot all see the same count
        subscriptions.set(ctx.extra.socket, count);
        let contextValue: Awaited<ReturnType<typeof contextFactory>>;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // e.g. the database is down while authorizing: this operation fails, retryably.
          subscriptions.set(
            ctx.extra.socket,
            Math.max(0, (subscriptions.get(ctx.extra.socket) ?? 1) - 1),
          );
          options.onError(error);
          return refuse([streamInterrupted('unavailable', null)]);
        }
        return {
          schema,
          operationName: params.operationName ?? null,
          document,
          variableValues: params.variables ?? null,
          contextValue,
          rootValue: { execute, subscribe } satisfies RootWithEnvelope,
        } satisfies ExecutionArgs;
      },
      // Every error message (onSubscribe's, graphql-ws's own `Unable to identify operation`) gets a
      // code and loses internal extensions, by the rule HTTP uses too.
      onError: (_ctx, _id, _payload, errors) => withErrorCodes(errors).map((e) => e.toJSON()),
      // what graphql-ws sends is what yoga would answer over HTTP: no `extensions.http`
      onNext: (_ctx, _id, _payload, _args, result) =>
        withoutInternals(result) as FormattedExecutionResult,
      onComplete: (ctx, id) => {
        signals.end(ctx.extra.socket, id);
        const count = subscriptions.get(ctx.extra.socket) ?? 1;
        subscriptions.set(ctx.extra.socket, Math.max(0, count - 1));
      },
      // Close reasons never carry error text (it may hold database or upstream details).
      isProd: true,
    },
    wss,
  );

  return {
    wss,
    /** Closes every socket with 1012 so clients reconnect (and resume by cursor) elsewhere. */
    async close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) {
        client.close(CloseCode.ServiceRestart, 'Gateway restarting');
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
