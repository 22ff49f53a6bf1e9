/** Options of {@link createMessageRate}. */
export interface MessageRateOptions {
  /** Messages allowed per second, sustained. */
  perSecond: number;
  /** Messages allowed at once (a client opening its subscriptions right after the handshake). */
  burst: number;
  now?: () => number;
}

/**
 * A token bucket for one socket's inbound messages: `take()` is `false` once the client sends
 * faster than `perSecond` for longer than `burst` allows.
 */
export function createMessageRate(options: MessageRateOptions) {
  const now = options.now ?? Date.now;
  let tokens = options.burst;
  let at = now();
  return {
    take(): boolean {
      const t = now();
      tokens = Math.min(options.burst, tokens + ((t - at) / 1_000) * options.perSecond);
      at = t;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    },
  };
}
