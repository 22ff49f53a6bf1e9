import type { SessionState } from '@wawp-gateway/schema';
import type { Observation } from '../types';

/**
 * The observation of a state read from Wawp (a poll, a query, a webhook's confirmation, an
 * action's answer). It is dated when the read was sent, on the gateway's clock, and that time is
 * also its mark: webhooks Wawp emitted before the read count as older than it.
 */
export function fromRead(state: SessionState): Observation {
  const { instanceId, status, me, observedAt } = state;
  return { instanceId, status, me, observedAt, upstreamTs: observedAt.getTime() };
}
