import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseCookie, stringifySetCookie } from 'cookie';
import { type FoundLink, findLink, type LinkDirectory, mayEmbed } from '../auth/connect-link-auth';
import { parseBearer } from '../auth/resolve-viewer';
import { readCappedBytes } from '../lib/read-capped-bytes';
import { LINK_TOKEN_PREFIX } from '../store';
import { crossOriginOf } from './cross-origin';
import { GATEWAY_ROUTES } from './routes';
import { CONTENT_SECURITY_POLICY, connectPagePolicy } from './security-headers';

/** The cookie holding a link's credential, scoped to the connect routes. */
export const LINK_COOKIE = 'connect_link';

/** Options of {@link createConnectRoutes}. */
export interface ConnectRoutesOptions {
  links: LinkDirectory;
  /** Built console (`console/dist`): the page is `connect.html`, the widget `connect/widget.js`. */
  consoleDir: string | null;
  /** Whether the gateway is reached over https (`GATEWAY_PUBLIC_URL`): the cookie is `Secure`. */
  secureCookie: boolean;
}

/** What the page and the widget learn of their link: never the token, never a key. */
interface ConnectSessionBody {
  state: FoundLink['state'];
  instanceId: string;
  expiresAt: string;
  returnUrl: string | null;
  branding: {
    displayName: string | null;
    logoDataUrl: string | null;
    accentColor: string | null;
    supportUrl: string | null;
  };
}

const toBody = ({ link, state, tenant }: FoundLink): ConnectSessionBody => ({
  state,
  instanceId: link.instanceId,
  expiresAt: link.expiresAt.toISOString(),
  returnUrl: link.returnUrl,
  branding: {
    displayName: tenant?.branding.displayName ?? null,
    logoDataUrl: tenant?.branding.logoDataUrl ?? null,
    accentColor: tenant?.branding.accentColor ?? null,
    supportUrl: tenant?.branding.supportUrl ?? null,
  },
});

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** The link credential a request carries: `Authorization: Bearer`, else the cookie. */
export function linkCredentialOf(req: IncomingMessage): string | null {
  const bearer = parseBearer(req.headers.authorization);
  if (bearer) {
    return bearer;
  }
  const cookies = parseCookie(req.headers.cookie ?? '');
  return cookies[LINK_COOKIE] ?? null;
}

/**
 * The end user's routes under `/connect`: the page (`/connect/<token>` and `/connect`), the
 * widget module, the exchange of a link's token for a cookie (`/connect/session`), and the
 * preparation of `/connect/graphql` for yoga (the cookie becomes the request's credential).
 * Another origin may use the session and GraphQL routes (the widget) only when the link's
 * tenant lists it in `allowedEmbedOrigins`; the token itself never appears in a log line.
 */
export function createConnectRoutes(options: ConnectRoutesOptions) {
  const file = (name: string) =>
    options.consoleDir !== null && existsSync(join(options.consoleDir, name))
      ? readFileSync(join(options.consoleDir, name))
      : null;
  let page: Buffer | null | undefined;
  let widget: Buffer | null | undefined;

  const allowCors = (req: IncomingMessage, res: ServerResponse) => {
    const origin = crossOriginOf(req.headers);
    if (origin) {
      // each route checks the origin against the link's tenant before it answers with data
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    return origin;
  };

  const preflight = (req: IncomingMessage, res: ServerResponse) => {
    allowCors(req, res);
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers':
        'authorization, content-type, accept, last-event-id, x-graphql-csrf',
      'access-control-max-age': '600',
    });
    res.end();
  };

  const readToken = async (req: IncomingMessage): Promise<string | null> => {
    const bytes = await readCappedBytes(
      { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, headers: new Headers() },
      1_024,
    );
    try {
      const body = JSON.parse(new TextDecoder().decode(bytes ?? new Uint8Array())) as unknown;
      const token = (body as { token?: unknown } | null)?.token;
      return typeof token === 'string' ? token : null;
    } catch {
      return null;
    }
  };

  const session = async (req: IncomingMessage, res: ServerResponse) => {
    const crossOrigin = allowCors(req, res);
    const token = req.method === 'POST' ? await readToken(req) : linkCredentialOf(req);
    const found = token ? await findLink(options.links, token) : null;
    if (!found) {
      sendJson(res, req.method === 'POST' ? 404 : 401, { state: 'unknown' });
      return;
    }
    if (!mayEmbed(found.tenant, crossOrigin)) {
      sendJson(res, 403, {
        error: `This site (${crossOrigin}) may not show this link. Open the link itself instead.`,
      });
      return;
    }
    if (req.method === 'POST' && crossOrigin === null && token) {
      res.setHeader(
        'set-cookie',
        stringifySetCookie({
          name: LINK_COOKIE,
          value: token,
          httpOnly: true,
          sameSite: 'strict',
          path: GATEWAY_ROUTES.connect,
          secure: options.secureCookie,
          expires: found.link.expiresAt,
        }),
      );
    }
    sendJson(res, 200, toBody(found));
  };

  const servePage = async (req: IncomingMessage, res: ServerResponse, token: string | null) => {
    page ??= file('connect.html');
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The connect page is not built (pnpm build).');
      return;
    }
    const credential = token ?? linkCredentialOf(req);
    const found = credential ? await findLink(options.links, credential).catch(() => null) : null;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // the link's tenant may frame its page where it may embed the widget
      'content-security-policy': found
        ? connectPagePolicy(found.tenant?.branding.allowedEmbedOrigins ?? [])
        : CONTENT_SECURITY_POLICY,
    });
    res.end(req.method === 'HEAD' ? undefined : page);
  };

  const serveWidget = (res: ServerResponse) => {
    widget ??= file('connect/widget.js');
    if (!widget) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The connect widget is not built (pnpm build).');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      // a public module holding no secret: any page may load it
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
    res.end(widget);
  };

  return {
    /** Whether `path` is one of these routes. */
    owns: (path: string) =>
      path === GATEWAY_ROUTES.connect || path.startsWith(`${GATEWAY_ROUTES.connect}/`),
    /**
     * Answers a connect route, except `/connect/graphql`: for it, sets CORS, puts the link's
     * credential where yoga reads it and resolves `true` (the caller hands the request to yoga);
     * a preflight is answered here (`false`).
     */
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        preflight(req, res);
        return false;
      }
      if (path === GATEWAY_ROUTES.connectGraphql) {
        allowCors(req, res);
        // yoga reads `Authorization`; a link's page sends its cookie instead. Only a link's
        // credential counts here: gateway keys stay off this cross-origin route.
        const credential = linkCredentialOf(req);
        req.headers.authorization = credential?.startsWith(LINK_TOKEN_PREFIX)
          ? `Bearer ${credential}`
          : undefined;
        const query = (req.url ?? '').slice(path.length);
        req.url = `${GATEWAY_ROUTES.graphql}${query}`;
        return true;
      }
      if (path === GATEWAY_ROUTES.connectSession && (method === 'GET' || method === 'POST')) {
        await session(req, res);
      } else if (path === GATEWAY_ROUTES.connectWidget && method === 'GET') {
        serveWidget(res);
      } else if (method === 'GET' || method === 'HEAD') {
        const rest = path.slice(GATEWAY_ROUTES.connect.length + 1);
        if (rest.includes('/')) {
          sendJson(res, 404, { error: 'Not found' });
        } else {
          await servePage(req, res, rest === '' ? null : rest);
        }
      } else {
        sendJson(res, 405, { error: `${method} is not allowed here` });
      }
      return false;
    },
  };
}

export type ConnectRoutes = ReturnType<typeof createConnectRoutes>;
