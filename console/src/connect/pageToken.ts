import type { ConnectApi, SessionResult } from './api';

const PAGE_PATH = '/connect';

/** The link token in a `/connect/<token>` path, or `null` on `/connect` itself. */
export function tokenFromPath(pathname: string): string | null {
  const match = /^\/connect\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/**
 * Opens the page's session. With a token in the address bar: trades it for the cookie, then
 * takes it out of the address bar (and so out of history, bookmarks and later `Referer`s). After
 * a reload the cookie alone is used. The token stays put only when the server could not be
 * reached, so that reloading tries again.
 */
export async function openPageSession(
  api: ConnectApi,
  location: Pick<Location, 'pathname'>,
  history: Pick<History, 'replaceState'>,
): Promise<SessionResult> {
  const token = tokenFromPath(location.pathname);
  if (token === null) {
    return api.current();
  }
  const result = await api.exchange(token);
  if (result.kind !== 'unreachable') {
    history.replaceState(null, '', PAGE_PATH);
  }
  return result;
}
