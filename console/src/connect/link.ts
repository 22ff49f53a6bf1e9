/** Where a widget's `link` attribute points: the server's origin and the link token. */
export interface ConnectLink {
  origin: string;
  token: string;
}

/** Reads `https://gw.example/connect/<token>`; `null` for anything else. */
export function parseConnectLink(link: string | null): ConnectLink | null {
  if (!link) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  const match = /^\/connect\/([^/]+)\/?$/.exec(url.pathname);
  if (!match?.[1] || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return null;
  }
  return { origin: url.origin, token: decodeURIComponent(match[1]) };
}
