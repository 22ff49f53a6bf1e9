/** An error as it is serialised for a client. */
interface JsonError {
  extensions?: Record<string, unknown>;
}

/**
 * `result` as a client may see it, as graphql-yoga makes its own HTTP answers: without
 * `extensions.http`, which steers the HTTP response (its status) and is not for the client.
 * Used where yoga's own result processing does not run: SSE with ids, and graphql-ws.
 */
export const withoutInternals = <T extends { errors?: readonly unknown[] }>(result: T): T =>
  result.errors?.length
    ? {
        ...result,
        errors: result.errors.map((error) => {
          const json = (
            typeof (error as { toJSON?: unknown }).toJSON === 'function'
              ? (error as { toJSON(): JsonError }).toJSON()
              : error
          ) as JsonError;
          if (!json.extensions || !('http' in json.extensions)) {
            return json;
          }
          const { http: _http, ...extensions } = json.extensions;
          return { ...json, extensions: Object.keys(extensions).length ? extensions : undefined };
        }),
      }
    : result;
