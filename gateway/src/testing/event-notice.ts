/**
 * @private What `events.append` NOTIFYs on the bus (`{kind: 'event', seq, instanceId}`, built in
 * `store/event-append.ts`); replicas only wake on it and read the event itself from the log.
 */
export interface EventNotice {
  kind: 'event';
  seq: number;
  instanceId: string;
}

/** @private The `EventNotice` in a bus payload, or `null` when the payload is something else. */
export function toEventNotice(payload: string): EventNotice | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (
      typeof value === 'object' &&
      value !== null &&
      'kind' in value &&
      value.kind === 'event' &&
      'seq' in value &&
      typeof value.seq === 'number' &&
      'instanceId' in value &&
      typeof value.instanceId === 'string'
    ) {
      return { kind: 'event', seq: value.seq, instanceId: value.instanceId };
    }
  } catch {
    // not JSON: not ours
  }
  return null;
}
