import type { Plugin } from 'graphql-yoga';
import { CLIENT_ERROR_CONTENT_TYPE, clientErrorBody } from './client-error-body';
import { GATEWAY_ROUTES } from './routes';

/** The GET parameters of GraphQL over HTTP that carry JSON (yoga `JSON.parse`s them unchecked). */
const JSON_PARAMS = ['variables', 'extensions'] as const;

/**
 * Why a GET request's `variables` or `extensions` cannot be used, or `null`: each, when present
 * and not empty (yoga treats an empty one as absent), must be JSON of an object or `null`.
 */
export function badGetParam(search: URLSearchParams): string | null {
  for (const name of JSON_PARAMS) {
    const text = search.get(name);
    if (!text) {
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return `The "${name}" parameter is not JSON`;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      return `The "${name}" parameter must be a JSON object`;
    }
  }
  return null;
}

/**
 * GET `/graphql` with a `variables` or `extensions` parameter that is not a JSON object is
 * answered 400 with a coded JSON error (on SSE too) before yoga parses it; yoga's parser would
 * throw a plain `SyntaxError`, which it masks as a 500.
 */
export function useGetParamsCheck(): Plugin {
  return {
    onRequestParse({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || url.pathname !== GATEWAY_ROUTES.graphql) {
        return;
      }
      const problem = badGetParam(url.searchParams);
      if (problem !== null) {
        endResponse(
          new fetchAPI.Response(clientErrorBody(problem), {
            status: 400,
            headers: { 'content-type': CLIENT_ERROR_CONTENT_TYPE },
          }),
        );
      }
    },
  };
}
