/**
 * A minimal typed GraphQL client over `fetch`: give it a document from `./operations` and it
 * checks the variables and types the result, with no GraphQL client library. A frontend would
 * usually pass the same documents to urql or Apollo instead; the types come along unchanged.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ErrorCode } from '@wawp-gateway/schema/protocol';
import { print } from 'graphql';

/**
 * One GraphQL error as the gateway sends it: `extensions.code` is from one fixed table, the
 * `ErrorCode` type the gateway's schema package exports.
 */
export interface GatewayError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: ErrorCode;
    /** With QR_REFRESHING, RATE_LIMITED and UPSTREAM_UNAVAILABLE: when to try again. */
    retryAfterMs?: number;
    /** With SESSION_NOT_READY: the session's current status. */
    status?: string;
  };
}

/** Thrown when the answer has errors; `errors[0].extensions.code` says what to do. */
export class GatewayRequestError extends Error {
  override name = 'GatewayRequestError';
  constructor(
    readonly errors: GatewayError[],
    readonly httpStatus: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
  }

  /** The first error's code, e.g. `NOT_FOUND`. */
  get code() {
    return this.errors[0]?.extensions?.code;
  }
}

export interface GatewayClientOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** A tenant API key (or the admin key), sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  fetch?: typeof fetch;
}

/** Variables are optional only for operations that take none. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

export function createGatewayClient(options: GatewayClientOptions) {
  const doFetch = options.fetch ?? fetch;
  return {
    async execute<R, V extends Record<string, unknown>>(
      document: TypedDocumentNode<R, V>,
      ...[variables]: VariablesArg<V>
    ): Promise<R> {
      const response = await doFetch(`${options.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          authorization: `Bearer ${options.apiKey}`,
        },
        body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
      });
      const body = (await response.json()) as { data?: R | null; errors?: GatewayError[] };
      if (body.errors?.length || body.data == null) {
        throw new GatewayRequestError(body.errors ?? [{ message: 'No data' }], response.status);
      }
      return body.data;
    },
  };
}

export type GatewayClient = ReturnType<typeof createGatewayClient>;
