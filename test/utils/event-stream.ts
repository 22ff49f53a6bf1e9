import { labelOf } from '@wawp-gateway/gateway/testing';
import type { FormattedExecutionResult } from 'graphql';
import type { WsConnection } from './graphql-ws-client';
import { createDeferred } from './leftovers';

/** Every field of every `SessionEvent` kind, as the events e2e tests read them. */
export const SESSION_EVENTS = /* GraphQL */ `
  subscription Events($id: ID, $after: String) {
    sessionEvents(instanceId: $id, after: $after) {
      __typename
      cursor
      instanceId
      occurredAt
      source
      ... on SessionSnapshot {
        resumed
        session { status me { id pushName } stale }
        snapshotQr: qrCode { value imageDataUrl expiresAt }
      }
      ... on SessionStatusChanged { status previousStatus }
      ... on QrCodeUpdated { qrCode { value imageDataUrl expiresAt } }
      ... on SessionAuthenticated { me { id pushName } }
      ... on SessionDisconnected { reason }
      ... on UpstreamHealthChanged { healthy detail }
    }
  }
`;

/** One `sessionEvents` payload as it arrives over the wire. */
export interface WireEvent {
  __typename:
    | 'SessionSnapshot'
    | 'SessionStatusChanged'
    | 'QrCodeUpdated'
    | 'SessionAuthenticated'
    | 'SessionDisconnected'
    | 'UpstreamHealthChanged';
  cursor: string;
  instanceId: string;
  occurredAt: string;
  source: 'POLL' | 'WEBHOOK' | 'GATEWAY';
  resumed?: boolean;
  session?: { status: string; me: { id: string } | null; stale: boolean };
  /** A snapshot's QR code (aliased: nullable there, non-null on `QrCodeUpdated`). */
  snapshotQr?: { value: string; imageDataUrl: string; expiresAt: string | null } | null;
  qrCode?: { value: string; imageDataUrl: string; expiresAt: string | null } | null;
  status?: string;
  previousStatus?: string | null;
  me?: { id: string; pushName: string | null };
  reason?: string;
  healthy?: boolean;
}

/** A running `sessionEvents` subscription that records everything it receives. */
export interface EventStream {
  readonly events: WireEvent[];
  /** GraphQL errors the operation ended with (e.g. NOT_FOUND), if any. */
  readonly errors: readonly { message: string; extensions?: Record<string, unknown> }[];
  /** Resolves when the server completes the operation, or the socket closes. */
  readonly ended: Promise<void>;
  /** Waits until `check(events)` holds; fails with the events seen so far after `timeoutMs`. */
  until(check: (events: WireEvent[]) => boolean, timeoutMs?: number): Promise<WireEvent[]>;
  /** Waits until `n` events have arrived in all (`take(1)`: the snapshot) and returns those `n`. */
  take(n: number, timeoutMs?: number): Promise<WireEvent[]>;
  /** Unsubscribes (idempotent). */
  stop(): void;
}

/** The one event labeller (shared with the gateway's own tests). */
export { labelOf };

/** Numbers of the cursors of `events` (a snapshot's cursor included). */
export const cursorsOf = (events: readonly WireEvent[]) => events.map((e) => Number(e.cursor));

/** True when every number is greater than the one before. */
export const strictlyIncreasing = (values: readonly number[]) =>
  values.every((value, index) => index === 0 || value > (values[index - 1] as number));

/**
 * Subscribes to `sessionEvents` on `connection` and records every event. Nothing is awaited: use
 * `until` to wait for what the test expects.
 */
export function subscribeEvents(
  connection: WsConnection,
  variables: { id?: string | null; after?: string | null } = {},
): EventStream {
  const events: WireEvent[] = [];
  const errors: { message: string; extensions?: Record<string, unknown> }[] = [];
  const ended = createDeferred();
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) {
      waiter();
    }
  };
  let done = false;
  const finish = () => {
    done = true;
    ended.resolve();
    wake();
  };
  const unsubscribe = connection.client.subscribe<{ sessionEvents: WireEvent }>(
    {
      query: SESSION_EVENTS,
      variables: { id: variables.id ?? null, after: variables.after ?? null },
    },
    {
      next: (result: FormattedExecutionResult<{ sessionEvents: WireEvent }>) => {
        if (result.errors?.length) {
          errors.push(...result.errors);
        }
        if (result.data?.sessionEvents) {
          events.push(result.data.sessionEvents);
        }
        wake();
      },
      error: (error: unknown) => {
        if (Array.isArray(error)) {
          errors.push(...(error as { message: string }[]));
        } else {
          errors.push({ message: String((error as { reason?: string })?.reason ?? error) });
        }
        finish();
      },
      complete: finish,
    },
  );
  void connection.closed.then(finish);

  const stream: EventStream = {
    events,
    errors,
    ended: ended.promise,
    async until(check, timeoutMs = 20_000) {
      if (check(events)) {
        return events;
      }
      const outcome = createDeferred<void>();
      const waiter = () => {
        if (check(events)) {
          outcome.resolve();
        } else if (done) {
          outcome.reject(
            new Error(
              `The subscription ended before the condition held; errors ${JSON.stringify(errors)}; events: ${events.map(labelOf).join(', ')}`,
            ),
          );
        }
      };
      waiters.add(waiter);
      const timer = setTimeout(() => {
        outcome.reject(
          new Error(
            `Condition not met within ${timeoutMs} ms; events: ${events.map(labelOf).join(', ')}`,
          ),
        );
      }, timeoutMs);
      try {
        waiter();
        await outcome.promise;
        return events;
      } finally {
        clearTimeout(timer);
        waiters.delete(waiter);
      }
    },
    async take(n, timeoutMs) {
      await stream.until((seen) => seen.length >= n, timeoutMs);
      return events.slice(0, n);
    },
    stop: () => {
      unsubscribe();
    },
  };
  return stream;
}

/** A `SessionStatusChanged` to `status`. */
export const isStatus = (status: string) => (event: WireEvent) =>
  event.__typename === 'SessionStatusChanged' && event.status === status;

/** A `SessionDisconnected` for `reason` (e.g. `LOGGED_OUT`). */
export const isDisconnect = (reason: string) => (event: WireEvent) =>
  event.__typename === 'SessionDisconnected' && event.reason === reason;

/** A check for {@link EventStream.until}: some event matches `predicate`. */
export const has = (predicate: (event: WireEvent) => boolean) => (events: readonly WireEvent[]) =>
  events.some(predicate);

/** Events after the first `SessionSnapshot` (the changes). */
export const changesOf = (events: readonly WireEvent[]) =>
  events.filter((event) => event.__typename !== 'SessionSnapshot');
