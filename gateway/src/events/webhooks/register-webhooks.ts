import { isRouteUnsupported, isWawpError, type WawpClient, type WawpWebhook } from '../../wawp';
import type { EventsLogger } from '../types';

/** Options of {@link registerWebhooks}. */
export interface RegisterWebhooksOptions {
  wawp: Pick<WawpClient, 'getWebhooks' | 'setWebhooks' | 'setWebhook' | 'deleteWebhook'>;
  instanceIds: readonly string[];
  /**
   * The gateway's delivery URL, e.g. `https://gw.example/webhooks/wawp`. Webhooks with the same
   * origin and path are the gateway's own; each instance's gets `?instance=<id>`.
   */
  url: string;
  /** The webhook secret of an instance (sent as `hmac`, or as `?token=` on the fallback path). */
  secretFor(instanceId: string): string;
  /** @default ['session.status'] */
  events?: string[];
  logger: EventsLogger;
}

/** Per instance: registered (or already in place), polling only (plan without webhooks), failed. */
export interface RegisterWebhooksResult {
  registered: string[];
  pollingOnly: string[];
  failed: string[];
}

const endpointOf = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
};

/** The gateway's webhook URL for one instance (the `instance` parameter routes name-less bodies). */
export function toInstanceWebhookUrl(url: string, instanceId: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('instance', instanceId);
  return parsed.toString();
}

const isSame = (a: WawpWebhook, b: WawpWebhook) =>
  a.url === b.url && a.isActive === b.isActive && a.events.join() === b.events.join();

/**
 * Registers the gateway's webhook on each instance, for `session.status` only:
 *
 * - through `POST /v2/webhook/set`, which creates or updates one URL without touching the
 *   owner's other webhooks, with the instance's own secret as `hmac` (Wawp sends it back in
 *   `X-Wawp-Signature`); older hooks of the gateway on other URLs are then deleted;
 * - where `webhook/set` answers 404 or 405, through `/v2/session/webhook`: it reads the list,
 *   keeps the owner's other webhooks, replaces the gateway's own (matched by origin and path,
 *   the secret as `?token=`) and writes it back, skipping the write when it is in place.
 *
 * A plan without webhooks (`403 subscription_required`) means polling only, logged once.
 * @see https://api.wawp.net/en/docs/v2/webhook/set
 * @see https://api.wawp.net/en/docs/v2/session/webhook
 */
export async function registerWebhooks(
  options: RegisterWebhooksOptions,
): Promise<RegisterWebhooksResult> {
  const { wawp, logger } = options;
  const ours = endpointOf(options.url);
  const events = options.events ?? ['session.status'];
  const result: RegisterWebhooksResult = { registered: [], pollingOnly: [], failed: [] };

  const dropOlderHooks = async (instanceId: string, url: string) => {
    try {
      const { webhooks } = await wawp.getWebhooks(instanceId);
      for (const hook of webhooks) {
        if (endpointOf(hook.url) === ours && hook.url !== url) {
          await wawp.deleteWebhook(instanceId, hook.url);
        }
      }
    } catch (error) {
      logger.debug({ err: error, instanceId }, 'events: older gateway webhooks were not removed');
    }
  };

  const mergeInto = async (instanceId: string, wanted: WawpWebhook) => {
    const { webhooks } = await wawp.getWebhooks(instanceId);
    const others = webhooks.filter((hook) => endpointOf(hook.url) !== ours);
    const mine = webhooks.filter((hook) => endpointOf(hook.url) === ours);
    if (!(mine.length === 1 && mine[0] && isSame(mine[0], wanted))) {
      await wawp.setWebhooks(instanceId, [...others, wanted]);
    }
  };

  for (const instanceId of options.instanceIds) {
    const url = toInstanceWebhookUrl(options.url, instanceId);
    const secret = options.secretFor(instanceId);
    try {
      try {
        await wawp.setWebhook(instanceId, { url, events, isActive: true, hmac: secret });
        await dropOlderHooks(instanceId, url);
      } catch (error) {
        if (!isRouteUnsupported(error)) {
          throw error;
        }
        const withToken = new URL(url);
        withToken.searchParams.set('token', secret);
        await mergeInto(instanceId, { url: withToken.toString(), events, isActive: true });
      }
      result.registered.push(instanceId);
    } catch (error) {
      if (isWawpError(error) && error.kind === 'forbidden') {
        result.pollingOnly.push(instanceId);
      } else {
        result.failed.push(instanceId);
        logger.warn({ err: error, instanceId }, 'events: registering the webhook failed');
      }
    }
  }
  if (result.pollingOnly.length > 0) {
    logger.info(
      { instances: result.pollingOnly.length },
      'events: the Wawp plan has no webhooks (subscription_required); polling only',
    );
  }
  return result;
}

/**
 * Removes the gateway's webhooks from an instance (before it is deleted), best effort: through
 * `DELETE /v2/webhook/delete`, or `/v2/session/webhook` where that is not served.
 */
export async function unregisterWebhooks(
  options: Pick<RegisterWebhooksOptions, 'wawp' | 'url' | 'logger'> & { instanceId: string },
): Promise<void> {
  const { wawp, instanceId } = options;
  const ours = endpointOf(options.url);
  try {
    const { webhooks } = await wawp.getWebhooks(instanceId);
    const mine = webhooks.filter((hook) => endpointOf(hook.url) === ours);
    if (mine.length === 0) {
      return;
    }
    try {
      for (const hook of mine) {
        await wawp.deleteWebhook(instanceId, hook.url);
      }
    } catch (error) {
      if (!isRouteUnsupported(error)) {
        throw error;
      }
      await wawp.setWebhooks(
        instanceId,
        webhooks.filter((hook) => endpointOf(hook.url) !== ours),
      );
    }
  } catch (error) {
    options.logger.warn({ err: error, instanceId }, 'events: removing the webhook failed');
  }
}
