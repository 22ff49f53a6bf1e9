import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { ErrorCode, type SchemaContext } from '@wawp-gateway/schema';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import {
  createGraphQLError,
  createYoga,
  maskError,
  type Plugin,
  type YogaLogger,
} from 'graphql-yoga';
import type { Logger } from '../logging/logger';
import { crossOriginOf } from './cross-origin';
import { createGraphiQLPage } from './graphiql-page';
import { LIMITS } from './limits';
import { GATEWAY_ROUTES } from './routes';
import { useSecurityHeaders } from './security-headers';
import { useBodyLimit } from './use-body-limit';
import { useErrorCodes } from './use-error-codes';
import { useGetParamsCheck } from './use-get-params-check';
import { useJsonErrorBodies } from './use-json-error-bodies';
import { useNestingLimit } from './use-nesting-limit';
import { useRejectNul } from './use-reject-nul';

/** What yoga's context factory receives: the HTTP request, or the graphql-ws connection. */
export interface GatewayServerContext {
  /** Set by the graphql-ws adapter: the `Authorization` value from `connectionParams`. */
  connectionAuthorization?: string | null;
  /** Set by the graphql-ws adapter: closes the socket with a retryable code (slow consumer). */
  closeRetryable?: () => void;
  /** Set by the graphql-ws adapter: closes the socket with 4403 (its key was revoked). */
  closeForbidden?: () => void;
  /** Set by the graphql-ws adapter: aborted when the operation completes or its socket closes. */
  operationSignal?: AbortSignal;
  /** Set by the graphql-ws adapter: the upgrade request's cross-origin `Origin`, if any. */
  connectionCrossOrigin?: string | null;
}

/** What the transport offers the context. */
export interface TransportHooks {
  closeRetryable?: () => void;
  closeForbidden?: () => void;
  /** SSE: the `Last-Event-ID` a reconnecting client sent, if any. */
  lastEventId?: string | null;
  /** Aborted when the operation's client has gone (HTTP request closed, ws operation ended). */
  signal?: AbortSignal;
  /** Another origin's page calling (its `Origin`), or `null`; see `crossOriginOf`. */
  crossOrigin: string | null;
}

export interface GatewayYogaOptions {
  schema: GraphQLSchema;
  /** Builds a fresh per-request context from the `Authorization` value (header or connection). */
  createContext(authorization: string | null, transport: TransportHooks): Promise<SchemaContext>;
  logger: Logger;
  development: boolean;
  allowedOrigins: string[];
  plugins?: Plugin[];
}

/**
 * yoga's log calls as pino lines. yoga logs three debug lines per request: below the level they
 * return before building the line's object.
 */
const toYogaLogger = (logger: Logger): YogaLogger => ({
  debug: (...args: unknown[]) => {
    if (logger.isLevelEnabled('debug')) {
      logger.debug({ args }, 'yoga');
    }
  },
  info: (...args: unknown[]) => logger.info({ args }, 'yoga'),
  warn: (...args: unknown[]) => logger.warn({ args }, 'yoga'),
  error: (...args: unknown[]) => logger.error({ args }, 'yoga'),
});

/** QR codes and pairing codes are short-lived secrets: no response may be cached. */
const noStore: Plugin = {
  onResponse({ response }) {
    response.headers.set('cache-control', 'no-store');
  },
};

/** The yoga instance serving `/graphql` over HTTP and SSE; graphql-ws reuses its envelope. */
export function createGatewayYoga(options: GatewayYogaOptions) {
  // served from the gateway's own bytes (no CDN), with a CSP matching its inline script
  const graphiql = options.development ? createGraphiQLPage() : null;
  const isGraphiQL = (request: Request) =>
    request.method === 'GET' && new URL(request.url).pathname === GATEWAY_ROUTES.graphql;
  return createYoga<GatewayServerContext, SchemaContext>({
    schema: options.schema,
    graphqlEndpoint: GATEWAY_ROUTES.graphql,
    context: async (initial) => {
      const authorization =
        'connectionAuthorization' in initial && initial.connectionAuthorization !== undefined
          ? initial.connectionAuthorization
          : (initial.request?.headers.get('authorization') ?? null);
      const closeRetryable = 'closeRetryable' in initial ? initial.closeRetryable : undefined;
      const closeForbidden = 'closeForbidden' in initial ? initial.closeForbidden : undefined;
      const lastEventId = initial.request?.headers.get('last-event-id') ?? null;
      const signal =
        'operationSignal' in initial ? initial.operationSignal : initial.request?.signal;
      const crossOrigin =
        'connectionCrossOrigin' in initial
          ? (initial.connectionCrossOrigin ?? null)
          : crossOriginOf({
              origin: initial.request?.headers.get('origin'),
              host: initial.request?.headers.get('host'),
            });
      return options.createContext(authorization, {
        crossOrigin,
        closeRetryable,
        closeForbidden,
        lastEventId,
        signal,
      });
    },
    graphiql: options.development
      ? {
          subscriptionsProtocol: 'WS',
          title: 'wawp-gateway',
          headers: '{"Authorization":"Bearer <key>"}',
        }
      : false,
    ...(graphiql ? { renderGraphiQL: graphiql.render } : {}),
    landingPage: false,
    multipart: false,
    // useBodyLimit below: the same check without piping every body through a counting stream
    maxRequestBodySize: false,
    maskedErrors: {
      // Never attach the original error or stack, whatever NODE_ENV says.
      isDev: false,
      maskError: (error, message, isDev) => {
        const masked = maskError(error, message, isDev);
        return masked instanceof GraphQLError && masked.extensions?.code === 'INTERNAL_SERVER_ERROR'
          ? createGraphQLError(message, {
              extensions: { code: ErrorCode.Internal, http: { status: 500 } },
            })
          : masked;
      },
    },
    cors:
      options.allowedOrigins.length > 0
        ? { origin: options.allowedOrigins, credentials: false }
        : false,
    logging: toYogaLogger(options.logger),
    plugins: [
      // before armor: its token counter overflows the stack on deeply nested documents
      useNestingLimit(),
      maxTokensPlugin({ n: LIMITS.tokens }),
      maxDepthPlugin({ n: LIMITS.depth, ignoreIntrospection: true }),
      maxAliasesPlugin({ n: LIMITS.aliases, allowList: ['__typename'] }),
      ...(options.development ? [] : [blockFieldSuggestionsPlugin()]),
      useGetParamsCheck(),
      useBodyLimit(),
      useRejectNul(),
      useErrorCodes(),
      // before the plugins that set headers on every response, so its answers get them too
      useJsonErrorBodies(),
      noStore,
      // the GraphiQL page (development only) is yoga's one HTML response
      useSecurityHeaders(
        graphiql
          ? { htmlPolicy: (request) => (isGraphiQL(request) ? graphiql.policy() : null) }
          : {},
      ),
      ...(options.plugins ?? []),
    ],
  });
}

export type GatewayYoga = ReturnType<typeof createGatewayYoga>;
