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
import { LIMITS } from './limits';
import { GATEWAY_ROUTES } from './routes';

/** What yoga's context factory receives: the HTTP request, or the graphql-ws connection. */
export interface GatewayServerContext {
  /** Set by the graphql-ws adapter: the `Authorization` value from `connectionParams`. */
  connectionAuthorization?: string | null;
  /** Set by the graphql-ws adapter: closes the socket with a retryable code (slow consumer). */
  closeRetryable?: () => void;
}

/** What the transport offers the context. */
export interface TransportHooks {
  closeRetryable?: () => void;
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

const toYogaLogger = (logger: Logger): YogaLogger => ({
  debug: (...args: unknown[]) => logger.debug({ args }, 'yoga'),
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
  return createYoga<GatewayServerContext, SchemaContext>({
    schema: options.schema,
    graphqlEndpoint: GATEWAY_ROUTES.graphql,
    context: async (initial) => {
      const authorization =
        'connectionAuthorization' in initial && initial.connectionAuthorization !== undefined
          ? initial.connectionAuthorization
          : (initial.request?.headers.get('authorization') ?? null);
      const closeRetryable = 'closeRetryable' in initial ? initial.closeRetryable : undefined;
      return options.createContext(authorization, { closeRetryable });
    },
    graphiql: options.development
      ? {
          subscriptionsProtocol: 'WS',
          title: 'wawp-gateway',
          headers: '{"Authorization":"Bearer <key>"}',
        }
      : false,
    landingPage: false,
    multipart: false,
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
      maxTokensPlugin({ n: LIMITS.tokens }),
      maxDepthPlugin({ n: LIMITS.depth, ignoreIntrospection: true }),
      maxAliasesPlugin({ n: LIMITS.aliases, allowList: ['__typename'] }),
      ...(options.development ? [] : [blockFieldSuggestionsPlugin()]),
      noStore,
      ...(options.plugins ?? []),
    ],
  });
}

export type GatewayYoga = ReturnType<typeof createGatewayYoga>;
