import { MAX_INSTANCES, QUOTA_LIMIT } from './instance-store';
import type { SimulatorLogger } from './types';

/**
 * Options of {@link createSimulator}. Every field is optional; `loadSimulatorConfig` reads them
 * from `SIMULATOR_*` environment variables.
 */
export interface SimulatorOptions {
  /** TCP port; 0 picks an ephemeral one. @default 4010 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The one account token the Wawp surface accepts. @default 'sim-access-token' */
  accessToken?: string;
  /** Instances that exist at start, each STOPPED (at most `quota`). @default 3 */
  instances?: number;
  /**
   * The account's instance quota (`session/create` answers 403 `quota_reached` beyond it): a
   * real plan's size, or more for benchmarks of many instances (at most 10,000).
   * @default MAX_INSTANCES // 25
   */
  quota?: number;
  /** Every lifecycle timing (boot, QR TTLs, reconnect, gate wait, webhook retries) is divided by it. @default 1 */
  timeScale?: number;
  /** Receives every instance's `session.status` events, besides the configured webhooks. */
  webhookUrl?: string;
  /** When set, deliveries carry `X-Webhook-Hmac` (hex HMAC-SHA512 of the raw body) and `X-Webhook-Hmac-Algorithm: sha512`. */
  webhookHmacKey?: string;
  /** 0 = off; else a second status/QR read of one instance within it (wall ms) gets 429 + `Retry-After`. @default 0 */
  pollFloorMs?: number;
  /** STARTING duration before SCAN_QR_CODE or WORKING, simulated ms. @default 3_000 // 3 s */
  bootMs?: number;
  /**
   * The account's plan. On `'free'` the paid-only webhook routes (`session/webhook`,
   * `webhook/set`, `webhook/update`, `webhook/delete`) answer 403 `subscription_required`.
   * @default 'paid'
   */
  plan?: SimulatorPlan;
  /**
   * `false` serves Wawp's older surface without the per-URL webhook routes (`webhook/set`,
   * `webhook/update`, `webhook/delete` answer 404 like any unknown route), for clients that must
   * fall back to `session/webhook`. @default true
   */
  perUrlWebhooks?: boolean;
  /** Request and lifecycle logs; never receives the access token. @default silent */
  logger?: SimulatorLogger;
}

/** Wawp's plans as far as the simulated routes care. */
export type SimulatorPlan = 'free' | 'paid';

/** @private `SimulatorOptions` with defaults applied and ranges checked. */
export type ResolvedSimulatorOptions = Required<
  Omit<SimulatorOptions, 'webhookUrl' | 'webhookHmacKey'>
> &
  Pick<SimulatorOptions, 'webhookUrl' | 'webhookHmacKey'>;

const silent: SimulatorLogger = { info() {}, warn() {} };

function check(ok: boolean, message: string) {
  if (!ok) {
    throw new RangeError(`Invalid simulator option: ${message}`);
  }
}

/** @private Applies defaults; throws a `RangeError` naming the first bad option. */
export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const resolved = {
    port: options.port ?? 4010,
    host: options.host ?? '127.0.0.1',
    accessToken: options.accessToken ?? 'sim-access-token',
    instances: options.instances ?? 3,
    quota: options.quota ?? MAX_INSTANCES,
    timeScale: options.timeScale ?? 1,
    webhookUrl: options.webhookUrl || undefined,
    webhookHmacKey: options.webhookHmacKey || undefined,
    pollFloorMs: options.pollFloorMs ?? 0,
    bootMs: options.bootMs ?? 3_000,
    plan: options.plan ?? 'paid',
    perUrlWebhooks: options.perUrlWebhooks ?? true,
    logger: options.logger ?? silent,
  };
  const { port, instances, quota, timeScale, pollFloorMs, bootMs } = resolved;
  check(Number.isInteger(port) && port >= 0 && port <= 65_535, `port ${port}`);
  check(resolved.accessToken.length > 0, 'accessToken must not be empty');
  check(
    Number.isInteger(quota) && quota >= 1 && quota <= QUOTA_LIMIT,
    `quota ${quota} (1-${QUOTA_LIMIT})`,
  );
  check(
    Number.isInteger(instances) && instances >= 0 && instances <= quota,
    `instances ${instances} (0-${quota}, the quota)`,
  );
  check(Number.isFinite(timeScale) && timeScale > 0, `timeScale ${timeScale}`);
  check(Number.isFinite(pollFloorMs) && pollFloorMs >= 0, `pollFloorMs ${pollFloorMs}`);
  check(Number.isFinite(bootMs) && bootMs >= 0, `bootMs ${bootMs}`);
  check(resolved.plan === 'free' || resolved.plan === 'paid', `plan ${resolved.plan}`);
  return resolved;
}
