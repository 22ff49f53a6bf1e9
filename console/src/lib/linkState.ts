/** Where a connect link is in its life, as the console lists it. */
export type LinkState = 'active' | 'used' | 'revoked' | 'expired';

/** A link's lifetime in minutes, as `createConnectLink` accepts it. */
export const LINK_TTL = { default: 30, min: 5, max: 1440 } as const;

/**
 * The state of one link at `now`: revoked and used win over expiry (they say what ended it), and
 * a link past `expiresAt` that neither ended is expired.
 */
export function linkStateOf(
  link: { expiresAt: string; usedAt?: string | null; revokedAt?: string | null },
  now: number,
): LinkState {
  if (link.revokedAt) {
    return 'revoked';
  }
  if (link.usedAt) {
    return 'used';
  }
  return Date.parse(link.expiresAt) <= now ? 'expired' : 'active';
}

/** Why a lifetime typed by the admin is refused, or null when it is a whole number in range. */
export function checkTtlMinutes(value: string): string | null {
  const minutes = Number(value);
  return /^\d+$/.test(value.trim()) && minutes >= LINK_TTL.min && minutes <= LINK_TTL.max
    ? null
    : `Enter a whole number of minutes from ${LINK_TTL.min} to ${LINK_TTL.max}.`;
}
