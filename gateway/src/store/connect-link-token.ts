import { randomBytes } from 'node:crypto';
import { hashApiKey } from './api-key-secret';

/** @private Every connect-link token starts with this, so secret scanners and humans can spot one. */
export const LINK_TOKEN_PREFIX = 'wcl_';
const TOKEN_SHAPE = /^wcl_[A-Za-z0-9_-]{32}$/;

/** @private A fresh token (192 random bits) and its SHA-256, the only thing stored. */
export function makeLinkToken(): { token: string; hash: string } {
  const token = `${LINK_TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { token, hash: hashLinkToken(token) };
}

/** @private SHA-256 hex, as for API keys: the token is random enough for an unsalted hash. */
export const hashLinkToken = (token: string): string => hashApiKey(token);

/** @private Whether `token` has the shape of a link token (a cheap check before any lookup). */
export const isLinkTokenShape = (token: string): boolean => TOKEN_SHAPE.test(token);
