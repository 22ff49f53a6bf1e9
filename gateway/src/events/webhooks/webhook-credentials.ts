import { createHmac, timingSafeEqual } from 'node:crypto';
import { isValidHmac, isValidToken } from './webhook-auth';

/** Options of {@link createWebhookCredentials}. */
export interface WebhookCredentialsOptions {
  /**
   * Master secrets: the first derives every instance's webhook secret, all are accepted (so a
   * new master can be put first while hooks registered under the old one still arrive).
   */
  masters: readonly string[];
  /** WAHA-style keys for `X-Webhook-Hmac` (hex HMAC-SHA512 of the raw body); may be empty. */
  hmacKeys: readonly string[];
  /** Told of every secret derived, so the log scrubber can remove it. */
  onSecret?: (secret: string) => void;
}

/** What a delivery presents to prove it comes from a hook the gateway registered. */
export interface PresentedCredentials {
  raw: Uint8Array;
  /** The instance the registered URL names (`?instance=`), or the body's `instance_id`. */
  instanceId: string | null;
  /** `X-Webhook-Hmac`. */
  wahaHmac: string | null;
  /** `X-Wawp-Signature`. */
  wawpSignature: string | null;
  /** `?token=`. */
  token: string | null;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * The gateway's webhook credentials. Each instance gets its own secret, derived from the master
 * (`HMAC-SHA256(master, "wawp-webhook:" + instanceId)`, hex): a leaked hook covers one instance.
 * A delivery is accepted when
 *
 * - `X-Webhook-Hmac` verifies under one of `hmacKeys` (WAHA's signature), or
 * - `X-Wawp-Signature` equals the instance's secret (Wawp sends the `hmac` it was given) or is
 *   the hex HMAC-SHA256 of the raw body keyed by it, or
 * - `?token=` is the instance's secret or a master (hooks configured by hand).
 *
 * Every comparison is constant-time.
 * @see https://api.wawp.net/en/docs/v2/webhook/set
 */
export function createWebhookCredentials(options: WebhookCredentialsOptions) {
  if (options.masters.length === 0) {
    throw new Error('webhook credentials need a master secret');
  }
  const derived = new Map<string, string[]>();
  const secretsOf = (instanceId: string): string[] => {
    let secrets = derived.get(instanceId);
    if (!secrets) {
      secrets = options.masters.map((master) =>
        createHmac('sha256', master).update(`wawp-webhook:${instanceId}`).digest('hex'),
      );
      for (const secret of secrets) {
        options.onSecret?.(secret);
      }
      if (derived.size > 50_000) {
        derived.clear();
      }
      derived.set(instanceId, secrets);
    }
    return secrets;
  };

  const signedByWawp = (raw: Uint8Array, signature: string, secret: string) => {
    if (isValidToken(signature, secret)) {
      return true;
    }
    if (!HEX_SHA256.test(signature)) {
      return false;
    }
    const expected = createHmac('sha256', secret).update(raw).digest();
    return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
  };

  return {
    /** The secret the gateway registers for `instanceId` (the hook's `hmac`, or its `?token=`). */
    secretFor: (instanceId: string): string => secretsOf(instanceId)[0] as string,
    /** Whether a delivery presenting `c` comes from a hook the gateway registered. */
    accepts(c: PresentedCredentials): boolean {
      if (options.hmacKeys.some((key) => isValidHmac(c.raw, c.wahaHmac, key))) {
        return true;
      }
      const signature = c.wawpSignature?.trim();
      if (signature && c.instanceId !== null) {
        if (secretsOf(c.instanceId).some((secret) => signedByWawp(c.raw, signature, secret))) {
          return true;
        }
      }
      if (c.token) {
        const token = c.token;
        const perInstance = c.instanceId === null ? [] : secretsOf(c.instanceId);
        return [...perInstance, ...options.masters].some((secret) => isValidToken(token, secret));
      }
      return false;
    },
  };
}

/** The gateway's webhook credentials. */
export type WebhookCredentials = ReturnType<typeof createWebhookCredentials>;
