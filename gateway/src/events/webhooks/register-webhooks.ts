import { isWawpError, type WawpClient, type WawpWebhook } from '../../wawp';
import type { EventsLogger } from '../types';

/** Options of {@link registerWebhooks}. */
export interface RegisterWebhooksOptions {
  wawp: Pick<WawpClient, 'getWebhooks' | 'setWebhooks'>;
  instanceIds: readonly string[];
  /**
   * The gateway's delivery URL, e.g. `https://gw.example/webhooks/wawp?token=…`. Webhooks with
   * the same origin and path are the gateway's own; each instance's gets `&instance=<id>`.
   */
  url: string;
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
 * Registers the gateway's webhook on each instance through `/v2/session/webhook`: reads the list,
 * keeps the owner's other webhooks, replaces the gateway's own (matched by origin and path) and
 * writes it back, skipping the write when it is already in place. A plan without webhooks
 * (`403 subscription_required`) means polling only, logged once.
 * @see https://api.wawp.net/en/docs/v2/session/webhook
 */
export async function registerWebhooks(
  options: RegisterWebhooksOptions,
): Promise<RegisterWebhooksResult> {
  const { wawp, logger } = options;
  const ours = endpointOf(options.url);
  const result: RegisterWebhooksResult = { registered: [], pollingOnly: [], failed: [] };
  for (const instanceId of options.instanceIds) {
    const wanted: WawpWebhook = {
      url: toInstanceWebhookUrl(options.url, instanceId),
      events: options.events ?? ['session.status'],
      isActive: true,
    };
    try {
      const { webhooks } = await wawp.getWebhooks(instanceId);
      const others = webhooks.filter((hook) => endpointOf(hook.url) !== ours);
      const mine = webhooks.filter((hook) => endpointOf(hook.url) === ours);
      if (!(mine.length === 1 && mine[0] && isSame(mine[0], wanted))) {
        await wawp.setWebhooks(instanceId, [...others, wanted]);
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
