import { ErrorCode } from '@wawp-gateway/schema';

/**
 * The JSON body of an answer the gateway's edge gives before GraphQL runs (413, 411, 415, 431,
 * a bad GET parameter, yoga's empty 405/406): a GraphQL result with one error whose code is
 * `BAD_USER_INPUT`, so clients read every refusal the same way as an operation's errors.
 */
export function clientErrorBody(message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BadUserInput } }] });
}

/** The headers of a {@link clientErrorBody} answer. */
export const CLIENT_ERROR_CONTENT_TYPE = 'application/json; charset=utf-8';
