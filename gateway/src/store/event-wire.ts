import type { SessionEvent } from '@wawp-gateway/schema';
import { seqOf } from './cursor';
import { toEventColumns, toSessionEvent } from './event-codec';

/** @private An event as the Redis bus carries it: its log row, with the payload as JSON text. */
interface WireEvent {
  seq: number;
  instanceId: string;
  kind: string;
  source: string;
  occurredAt: string;
  payload: string;
}

/** @private Encodes a logged event for the bus, exactly as its row would read back. */
export function encodeWireEvent(event: SessionEvent): string {
  const { cursor, ...unlogged } = event;
  const wire: WireEvent = { seq: seqOf(event), ...toEventColumns(unlogged) };
  return JSON.stringify(wire);
}

/**
 * @private Decodes {@link encodeWireEvent}'s text through the same codec as a row read from the
 * log, so an event is the same object whichever way it reached a replica. Throws on bad input.
 */
export function decodeWireEvent(text: string): SessionEvent {
  const wire = JSON.parse(text) as WireEvent;
  if (typeof wire.seq !== 'number' || typeof wire.instanceId !== 'string') {
    throw new Error('store: a bus message is not an event');
  }
  return toSessionEvent({
    seq: wire.seq,
    instance_id: wire.instanceId,
    kind: wire.kind,
    source: wire.source,
    occurred_at: new Date(wire.occurredAt),
    payload: JSON.parse(wire.payload) as unknown,
  });
}
