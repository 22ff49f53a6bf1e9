import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config';
import type { Store } from '../store';

/** The name of the generated webhook master secret in the store's shared secrets. */
const GENERATED_MASTER = 'webhook-master';

/**
 * The webhook master secrets: `GATEWAY_WEBHOOK_TOKEN`'s when configured, else the one the first
 * replica generated and stored in the database, so every replica on it accepts the same
 * deliveries (with the embedded database, the data directory keeps it across restarts).
 */
export async function webhookMasters(
  config: Pick<GatewayConfig, 'webhookTokens'>,
  store: Pick<Store, 'secrets'>,
): Promise<string[]> {
  if (config.webhookTokens.length > 0) {
    return config.webhookTokens;
  }
  const generated = await store.secrets.getOrCreate(GENERATED_MASTER, () =>
    randomBytes(32).toString('base64url'),
  );
  return [generated];
}
