/** What the client worker is told (its `workerData`). */
export interface ClientPlan {
  /** The gateway's `http://…` URL. */
  url: string;
  authorization: string;
  webhookToken: string;
  instanceId: string;
  /** Subscriptions to open, `perSocket` per socket. */
  subscribers: number;
  perSocket: number;
  /** Webhooks posted before the measured ones (JIT, connection pools), not in the figures. */
  warmupEvents: number;
  events: number;
  /** Least time between two posts; a post also waits for the previous event's last frame. */
  spacingMs: number;
  /** Bounds: opening and snapshots, and one event's fan-out. */
  subscribeTimeoutMs: number;
  eventTimeoutMs: number;
  /** Where to write a `.cpuprofile` of the clients' event phase, if anywhere. */
  profile: string | null;
}

/** Worker -> main: every subscriber got its snapshot; main answers `go`. */
export interface ReadyMessage {
  type: 'ready';
  subscribeMs: number;
}

/** Worker -> main: the measured run. */
export interface DoneMessage {
  type: 'done';
  /** ms from the webhook POST to each frame, measured events only (missing ones left out). */
  latencies: Float64Array;
  /** Per measured event: ms from the POST to its last frame. */
  windowsMs: number[];
  /** Webhooks posted, warm-up included (executions are counted over all of them). */
  posted: number;
  /** Expected frames that did not arrive within the event timeout (measured events). */
  missing: number;
  /** Frames that matched no posted event, or arrived twice. */
  stray: number;
  /** Sockets closed or subscriptions errored during the run. */
  failures: string[];
}

/** Worker -> main: it could not set up. */
export interface FailedMessage {
  type: 'failed';
  error: string;
}

export type WorkerMessage = ReadyMessage | DoneMessage | FailedMessage;
