/** Where a connect link is in its life, as `GET /connect/session` reports it. */
export type LinkState = 'active' | 'expired' | 'revoked' | 'used';

/** The tenant's look for the connect page; every field may be missing. */
export interface Branding {
  displayName: string | null;
  logoDataUrl: string | null;
  /** `#RRGGBB` */
  accentColor: string | null;
  supportUrl: string | null;
}

/** The JSON of `POST /connect/session` and `GET /connect/session`. */
export interface ConnectSession {
  state: LinkState;
  instanceId: string;
  expiresAt: string;
  returnUrl: string | null;
  branding: Branding;
}

/**
 * What asking for the session gave: the session, an unknown link (404/401), a refusal with the
 * server's own message (e.g. 403 for an embedding origin it does not allow), or no answer.
 */
export type SessionResult =
  | { kind: 'session'; session: ConnectSession }
  | { kind: 'unknown' }
  | { kind: 'refused'; message: string }
  | { kind: 'unreachable' };

/** How the connect API reaches the server. */
export interface ConnectApiOptions {
  /** The server's origin, e.g. `https://gw.example`; the page passes its own. */
  origin: string;
  fetch: typeof fetch;
  /** The link token for `Authorization: Bearer` (the widget); without it the cookie is used. */
  bearer?: string;
}

const NO_MESSAGE = 'This page cannot be shown here.';

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const STATES: readonly string[] = ['active', 'expired', 'revoked', 'used'];

function toSession(body: unknown): ConnectSession | null {
  if (!isRecord(body) || typeof body.state !== 'string' || !STATES.includes(body.state)) {
    return null;
  }
  if (typeof body.instanceId !== 'string') {
    return null;
  }
  const branding = isRecord(body.branding) ? body.branding : {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  return {
    state: body.state as LinkState,
    instanceId: body.instanceId,
    expiresAt: typeof body.expiresAt === 'string' ? body.expiresAt : '',
    returnUrl: text(body.returnUrl),
    branding: {
      displayName: text(branding.displayName),
      logoDataUrl: text(branding.logoDataUrl),
      accentColor: text(branding.accentColor),
      supportUrl: text(branding.supportUrl),
    },
  };
}

async function toResult(response: Response): Promise<SessionResult> {
  const body = await readJson(response);
  if (response.ok) {
    const session = toSession(body);
    return session ? { kind: 'session', session } : { kind: 'unreachable' };
  }
  if (response.status === 401 || response.status === 404) {
    return { kind: 'unknown' };
  }
  if (response.status === 403) {
    const message = isRecord(body) && typeof body.error === 'string' ? body.error : NO_MESSAGE;
    return { kind: 'refused', message };
  }
  return { kind: 'unreachable' };
}

/**
 * The two HTTP calls of the connect page. The token travels in a JSON body or an
 * `Authorization` header, never in a URL. Neither call rejects: failures are `SessionResult`s.
 */
export function createConnectApi(options: ConnectApiOptions) {
  const url = new URL('/connect/session', options.origin).href;
  const auth: Record<string, string> = options.bearer
    ? { authorization: `Bearer ${options.bearer}` }
    : {};
  const call = async (init: RequestInit): Promise<SessionResult> => {
    try {
      return await toResult(await options.fetch(url, init));
    } catch {
      return { kind: 'unreachable' };
    }
  };
  return {
    /** `POST /connect/session`: trades the link token for the session cookie. */
    exchange: (token: string) =>
      call({
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ token }),
      }),
    /** `GET /connect/session` with the cookie, or the bearer token when one was given. */
    current: () => call({ method: 'GET', headers: { accept: 'application/json', ...auth } }),
  };
}

export type ConnectApi = ReturnType<typeof createConnectApi>;
