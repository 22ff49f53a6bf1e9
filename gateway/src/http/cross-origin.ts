/**
 * The `Origin` of a request when it is another origin's page calling (its host is not the one
 * the request was sent to); `null` for same-origin requests and for clients that send no
 * `Origin` (servers, curl).
 */
export function crossOriginOf(headers: {
  origin?: string | null | undefined;
  host?: string | null | undefined;
}): string | null {
  const { origin, host } = headers;
  if (!origin || origin === 'null') {
    return origin === 'null' ? 'null' : null;
  }
  try {
    return new URL(origin).host === host ? null : origin;
  } catch {
    return origin;
  }
}
