import type { WawpApi, WawpCallOptions, WawpClientOptions } from './api';
import {
  decodeCreated,
  decodeMe,
  decodeSession,
  decodeWebhookList,
  WawpDecodeError,
} from './decode';
import { decodeCode, decodeQr, decodeQrImage, decodeScreenshot } from './decode-auth';
import { decodeStoredWebhook } from './decode-webhook';
import { WawpError } from './errors';
import { createGuard } from './guard';
import { createPacing, FLOORED_ROUTES } from './pacing';
import { WAWP_POLL_FLOOR_MS } from './poll-floor';
import { MAX_BODY_BYTES } from './read-body';
import * as make from './requests';
import { withRetry } from './retry';
import { createSend } from './send';

/** The client's refusals that never reached `send()`, reported to `onRequest` as failed calls. */
const FAST_REJECTIONS = new Set(['circuit_open', 'bulkhead_full', 'paced', 'pacing_failed']);

/**
 * Creates the typed Wawp v2 client: pure request builders, one `send()` per attempt, retries for
 * reads only, a circuit breaker per instance, a concurrency limit shared fairly by tenants and,
 * with `pacing`, status and QR reads paced across replicas.
 * @see docs/wawp-contract.md
 */
export function createWawpClient(o: WawpClientOptions): WawpApi {
  const accessToken = o.accessToken;
  const readMs = o.timeouts?.readMs ?? 5_000;
  const send = createSend({
    baseUrl: o.baseUrl,
    accessToken,
    fetch: o.fetch ?? globalThis.fetch,
    readMs,
    actionMs: o.timeouts?.actionMs ?? 10_000,
    maxBodyBytes: o.maxBodyBytes ?? MAX_BODY_BYTES,
    onRequest: o.onRequest,
  });
  const retry = {
    maxAttempts: o.retry?.maxAttempts ?? 3,
    minDelayMs: o.retry?.minDelayMs ?? WAWP_POLL_FLOOR_MS,
    maxDelayMs: o.retry?.maxDelayMs ?? 30_000,
  };
  const guarded = createGuard(o.breaker, o.concurrency ?? 8);
  const paced = o.pacing ? createPacing(o.pacing, readMs) : null;

  function call(req: make.WawpRequest, options?: WawpCallOptions): Promise<unknown> {
    const signal = options?.signal;
    const scope = { instanceId: req.instanceId ?? null, share: options?.share };
    const guard = (work: () => Promise<unknown>) => guarded.guard(req.route, scope, work, signal);
    const sendNow = () => send(req, signal);
    const floored =
      paced && req.instanceId && FLOORED_ROUTES.has(req.route) ? req.instanceId : null;
    const attempt =
      paced && floored
        ? () =>
            paced(req.route, floored, guard, sendNow, {
              signal,
              claimedElsewhere: options?.claimedElsewhere,
            })
        : () => guard(sendNow);
    const once = () =>
      attempt().catch((error: unknown) => {
        // Fast rejections never reach send(), so report them here for the metrics.
        const code = error instanceof WawpError ? error.code : undefined;
        if (code !== undefined && FAST_REJECTIONS.has(code)) {
          const { method, route, instanceId } = req;
          o.onRequest?.({
            method,
            route,
            instanceId,
            status: null,
            durationMs: 0,
            error: 'upstream',
          });
        }
        throw error;
      });
    return withRetry(req.route, req.idempotent, retry, once, signal);
  }

  function decode<T>(route: string, decoder: () => T): T {
    try {
      return decoder();
    } catch (error) {
      if (!(error instanceof WawpDecodeError)) {
        throw error;
      }
      const message = `Wawp ${route} returned an unexpected body (${error.message})`;
      throw new WawpError({ kind: 'bad_response', route, code: 'unexpected_shape', message });
    }
  }

  const ids = (instanceId: string) => ({ instanceId, accessToken });

  async function getSessionInfo(instanceId: string, options?: WawpCallOptions) {
    const body = await call(make.makeSessionInfoRequest(ids(instanceId)), options);
    return decode('session/info', () => {
      const session = decodeSession(body, instanceId);
      if (session === null) {
        throw new WawpDecodeError('no status');
      }
      return session;
    });
  }

  async function act(req: make.WawpRequest, instanceId: string, options?: WawpCallOptions) {
    const body = await call(req, options);
    return decodeSession(body, instanceId) ?? getSessionInfo(instanceId, options);
  }

  async function getWebhooks(instanceId: string, options?: WawpCallOptions) {
    const body = await call(make.makeGetWebhooksRequest(ids(instanceId)), options);
    return decode('session/webhook', () => decodeWebhookList(body));
  }

  // `webhook/set` and `webhook/update` answer the webhook; when a body lacks it, re-read the list.
  async function perUrl(req: make.WawpRequest, id: string, url: string, options?: WawpCallOptions) {
    const body = await call(req, options);
    const stored = decodeStoredWebhook(body, url);
    if (stored !== null) {
      return stored;
    }
    const listed = (await getWebhooks(id, options)).webhooks.find((hook) => hook.url === url);
    if (listed === undefined) {
      throw new WawpError({
        kind: 'bad_response',
        route: req.route,
        code: 'unexpected_shape',
        message: `Wawp ${req.route} answered without the webhook, and the list does not hold it`,
      });
    }
    return listed;
  }

  const client: WawpApi = {
    createSession: async (options) => {
      const body = await call(make.makeCreateSessionRequest({ accessToken }), options);
      return decode('session/create', () => decodeCreated(body));
    },
    startSession: (id, options) => act(make.makeStartSessionRequest(ids(id)), id, options),
    stopSession: (id, options) => act(make.makeStopSessionRequest(ids(id)), id, options),
    restartSession: (id, options) => act(make.makeRestartSessionRequest(ids(id)), id, options),
    logoutSession: (id, options) => act(make.makeLogoutSessionRequest(ids(id)), id, options),
    deleteSession: async (id, options) => {
      await call(make.makeDeleteSessionRequest(ids(id)), options);
    },
    getSessionInfo,
    getMe: async (id, options) => decodeMe(await call(make.makeSessionMeRequest(ids(id)), options)),
    getQr: async (id, options) => {
      const body = await call(make.makeQrRequest(ids(id)), options);
      return decode('auth/qr', () => decodeQr(body));
    },
    getQrImage: async (id, options) => {
      const body = await call(make.makeQrImageRequest(ids(id)), options);
      return decode('auth/qr-image', () => decodeQrImage(body));
    },
    requestCode: async (id, phoneNumberDigits, options) => {
      const req = make.makeRequestCodeRequest({ ...ids(id), phoneNumber: phoneNumberDigits });
      const body = await call(req, options);
      return decode('auth/request-code', () => decodeCode(body));
    },
    getScreenshot: async (id, options) => {
      const body = await call(make.makeScreenshotRequest(ids(id)), options);
      return decode('auth/screenshot', () => decodeScreenshot(body));
    },
    getWebhooks,
    setWebhooks: async (id, webhooks, options) => {
      const body = await call(make.makeSetWebhooksRequest({ ...ids(id), webhooks }), options);
      const echoed = typeof body === 'object' && body !== null && 'webhooks' in body;
      const list = echoed ? decode('session/webhook', () => decodeWebhookList(body)) : null;
      return { webhooks: (list ?? (await getWebhooks(id, options))).webhooks };
    },
    setWebhook: async (id, webhook, options) =>
      perUrl(make.makeSetWebhookRequest({ ...ids(id), webhook }), id, webhook.url, options),
    updateWebhook: async (id, changes, options) =>
      perUrl(make.makeUpdateWebhookRequest({ ...ids(id), changes }), id, changes.url, options),
    deleteWebhook: async (id, url, options) => {
      await call(make.makeDeleteWebhookRequest({ ...ids(id), url }), options);
    },
    breakerState: (instanceId) => guarded.breakerState(instanceId),
  };
  return client;
}

/** The client's type, as the gateway receives it. */
export type WawpClient = ReturnType<typeof createWawpClient>;
