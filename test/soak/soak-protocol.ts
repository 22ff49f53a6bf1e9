/** What the soak's main thread and its client worker (`soak-clients.ts`) say to each other. */

/** The worker's `workerData`. */
export interface ClientPlan {
  /** The replicas' `http://…` URLs; socket k starts on `urls[k % urls.length]`. */
  urls: string[];
  authorization: string;
  /** Subscriber i watches `instanceIds[i % instanceIds.length]`. */
  instanceIds: string[];
  subscribers: number;
  perSocket: number;
  /** Bound on opening every subscription and receiving its snapshot. */
  subscribeTimeoutMs: number;
}

/** Main -> worker. */
export type ClientCommand =
  /** Close `count` random sockets on purpose and reopen each with `after`. */
  | { type: 'reconnect'; count: number }
  /** `url` is about to be killed: its sockets' abnormal closes are expected until `up`. */
  | { type: 'down'; url: string }
  | { type: 'up'; url: string }
  /** Move sockets (closed on purpose, reopened with `after`) until the replicas hold as many. */
  | { type: 'rebalance' }
  /** Answer with a {@link ProgressMessage}. */
  | { type: 'progress' }
  /** Close every socket and answer with a {@link ResultMessage}. */
  | { type: 'finish' };

/** Worker -> main: every subscriber has its first snapshot. */
export interface ReadyMessage {
  type: 'ready';
  subscribeMs: number;
}

/** Worker -> main: the state of every subscriber, cheap enough to ask for often. */
export interface ProgressMessage {
  type: 'progress';
  /** Per subscriber: the last status it knows (snapshot or `SessionStatusChanged`). */
  statuses: (string | null)[];
  /** Per subscriber: the highest cursor it received (snapshot included), or -1. */
  lastCursors: number[];
  events: number;
  openSockets: number;
}

/** Everything one subscriber received. */
export interface SubscriberRecord {
  instanceId: string;
  /** The cursor of its first snapshot: its window starts after it. */
  firstSnapshot: number | null;
  /** Cursors of every change event received, in arrival order, across reconnects. */
  cursors: number[];
  status: string | null;
  /** Snapshots received after the first (a resume that could not resume sends one). */
  laterSnapshots: number;
}

/** Worker -> main: the run's record. */
export interface ResultMessage {
  type: 'result';
  subscribers: SubscriberRecord[];
  /** Sockets reopened: on purpose, to rebalance, after a replica was killed, after another close. */
  reconnects: { planned: number; rebalanced: number; afterKill: number; other: number };
  /** Close codes of the sockets the server closed (a killed replica's abnormal closes left out). */
  serverCloses: Record<string, number>;
  /** Unexpected things: subscription errors, GraphQL errors, unexpected closes. */
  errors: string[];
  errorCount: number;
}

/** Worker -> main: it could not set up. */
export interface FailedMessage {
  type: 'failed';
  error: string;
}

export type ClientMessage = ReadyMessage | ProgressMessage | ResultMessage | FailedMessage;
