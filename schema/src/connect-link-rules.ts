/** The rules of connect links that the schema and the gateway share. */

/** A link's lifetime, in minutes: default and bounds. */
export const LINK_TTL_MINUTES = { default: 30, min: 5, max: 1440 } as const;

/** Pairing codes one link may request per window (WhatsApp limits attempts too). */
export const LINK_PAIRING_LIMIT = { codes: 3, windowMinutes: 10 } as const;
