/** A GraphQL response as the tests read it. */
export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
  raw: string;
}

/** POSTs one operation to `<url>/graphql` with an optional bearer key. */
export async function gql<T = Record<string, unknown>>(
  url: string,
  key: string | null,
  query: string,
  variables: Record<string, unknown> = {},
  /** Another endpoint (`/connect/graphql`) and more headers (a cookie, an `Origin`). */
  options: { path?: string; headers?: Record<string, string> } = {},
): Promise<GqlResult<T>> {
  const response = await fetch(`${url}${options.path ?? '/graphql'}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await response.text();
  const body = JSON.parse(raw) as { data?: T | null; errors?: GqlResult<T>['errors'] };
  return { status: response.status, data: body.data ?? null, errors: body.errors, raw };
}

/** The `extensions.code` of the first error, or null. */
export const firstCode = (result: GqlResult<unknown>) =>
  result.errors?.[0]?.extensions?.code ?? null;

/** Every `extensions.code`, in order. */
export const allCodes = (result: GqlResult<unknown>) =>
  (result.errors ?? []).map((error) => error.extensions?.code ?? null);

/** The first error: its message, code and the other `extensions` (status, retryAfterMs, field). */
export interface FirstError {
  message: string;
  code: string | null;
  status?: string;
  retryAfterMs?: number;
  field?: string;
  [key: string]: unknown;
}

/** The first error's extensions (throws when there is no error, so tests read it directly). */
export function firstError(result: GqlResult<unknown>): FirstError {
  const error = result.errors?.[0];
  if (!error) {
    throw new Error(`Expected an error, got ${result.raw}`);
  }
  return { message: error.message, code: error.extensions?.code ?? null, ...error.extensions };
}

/** Returns `data`, failing with the response text when the operation had errors. */
export function dataOf<T>(result: GqlResult<T>): T {
  if (result.errors?.length || result.data === null) {
    throw new Error(`Expected data without errors, got HTTP ${result.status}: ${result.raw}`);
  }
  return result.data;
}
