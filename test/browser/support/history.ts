import { subscribeEvents } from '../../utils/event-stream';
import { connectWs } from '../../utils/graphql-ws-client';

/** One event as the gateway's log replays it. */
export interface LoggedEvent {
  typename: string;
  cursor: string;
}

/**
 * The gateway's own record of one instance's events: resumes `sessionEvents` strictly after
 * `after` and collects until an event at or past `until` arrives (failing after `timeoutMs`),
 * then unsubscribes. What the console's timeline must match, with no gap.
 */
export async function replayEvents(options: {
  url: string;
  key: string;
  instanceId: string;
  after: string;
  until: string;
  timeoutMs?: number;
}): Promise<LoggedEvent[]> {
  const connection = connectWs(options.url, `Bearer ${options.key}`);
  const stream = subscribeEvents(connection, { id: options.instanceId, after: options.after });
  try {
    const events = await stream.until(
      (seen) => seen.some((event) => BigInt(event.cursor) >= BigInt(options.until)),
      options.timeoutMs ?? 10_000,
    );
    return events.map((event) => ({ typename: event.__typename, cursor: event.cursor }));
  } finally {
    stream.stop();
    await connection.dispose();
  }
}
