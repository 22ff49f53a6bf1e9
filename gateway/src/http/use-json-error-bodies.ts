import { STATUS_CODES } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { CLIENT_ERROR_CONTENT_TYPE, clientErrorBody } from './client-error-body';
import { GATEWAY_ROUTES } from './routes';

/** What a client should change, for the refusals yoga answers with an empty body. */
const MESSAGES: Readonly<Record<number, string>> = {
  405: 'Method not allowed: use GET or POST',
  406: 'Not acceptable: accept application/graphql-response+json, application/json or text/event-stream (subscriptions take text/event-stream)',
  415: 'Send GraphQL requests as application/json',
};

/** The message of an empty-bodied 4xx of `status`. */
export function emptyRefusalMessage(status: number): string {
  return MESSAGES[status] ?? STATUS_CODES[status] ?? 'Bad request';
}

/**
 * Gives yoga's empty-bodied 4xx answers on `/graphql` (406 for an `accept` it cannot serve or a
 * subscription POSTed for JSON, 405, 415 for an unknown content type) a coded JSON body, keeping
 * their status and headers. Registered before the plugins that set headers on every response.
 */
export function useJsonErrorBodies(): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (
        response.status < 400 ||
        response.status >= 500 ||
        response.body !== null ||
        request.method === 'HEAD' ||
        new URL(request.url).pathname !== GATEWAY_ROUTES.graphql
      ) {
        return;
      }
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-type', CLIENT_ERROR_CONTENT_TYPE);
      headers.delete('content-length');
      setResponse(
        new fetchAPI.Response(clientErrorBody(emptyRefusalMessage(response.status)), {
          status: response.status,
          statusText: response.statusText,
          headers,
        }),
      );
    },
  };
}
