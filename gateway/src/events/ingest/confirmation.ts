import type { SessionStatus } from '@wawp-gateway/schema';
import type { KnownState } from '../types';

/**
 * Whether a webhook's claim must be confirmed with `session/info` before it is published: it
 * looks like a disconnect or a failure, which a forged or stale webhook must not be able to fake.
 */
export function needsConfirmation(prev: KnownState | null, claimed: SessionStatus): boolean {
  return claimed === 'FAILED' || (prev?.status === 'WORKING' && claimed !== 'WORKING');
}

/**
 * Whether `actual` (a fresh read) backs a webhook's claim: it shows the claimed status, or shows
 * that the session did leave the status it was in (it may have moved on since).
 */
export function confirms(prev: KnownState | null, claimed: SessionStatus, actual: SessionStatus) {
  return actual === claimed || (prev !== null && actual !== prev.status);
}
