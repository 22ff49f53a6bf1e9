import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const SUBSCRIPTION = `subscription ($instanceId: ID!, $after: String) {
  sessionEvents(instanceId: $instanceId, after: $after) { __typename cursor }
}`;

/** One event as the gateway's log replays it. */
export interface LoggedEvent {
  typename: string;
  cursor: string;
}

/**
 * The gateway's own record of one instance's events: resumes `sessionEvents` strictly after
 * `after` and collects until an event at or past `until` arrives (or `timeoutMs` passes), then
 * unsubscribes. What the console's timeline must match, with no gap.
 */
export async function replayEvents(options: {
  url: string;
  key: string;
  instanceId: string;
  after: string;
  until: string;
  timeoutMs?: number;
}): Promise<LoggedEvent[]> {
  const client = createClient({
    url: `${options.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.key}` },
    retryAttempts: 0,
  });
  const events: LoggedEvent[] = [];
  const iterator = client.iterate<{ sessionEvents: { __typename: string; cursor: string } }>({
    query: SUBSCRIPTION,
    variables: { instanceId: options.instanceId, after: options.after },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next === 'timeout' || next.done) {
        break;
      }
      if (next.value.errors) {
        throw new Error(`sessionEvents failed: ${JSON.stringify(next.value.errors)}`);
      }
      const event = next.value.data?.sessionEvents;
      if (event) {
        events.push({ typename: event.__typename, cursor: event.cursor });
        if (BigInt(event.cursor) >= BigInt(options.until)) {
          break;
        }
      }
    }
  } finally {
    clearTimeout(timer);
    await iterator.return?.();
    await client.dispose();
  }
  return events;
}
