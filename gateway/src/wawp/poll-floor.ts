/**
 * Wawp's poll floor: the gateway never reads one instance's status (or QR) more often than this,
 * whatever the audience, jitter or retries.
 * @see https://api.wawp.net/en/docs/v2/session/info
 */
export const WAWP_POLL_FLOOR_MS = 2_000;
