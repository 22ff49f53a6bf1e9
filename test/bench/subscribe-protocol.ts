/** Main → subscriber worker (`workerData`). */
export interface SubscribePlan {
  /** The gateway's `http://…` URL. */
  url: string;
  authorization: string;
  /** Subscriptions are spread round-robin over these instances. */
  instanceIds: string[];
  subscribers: number;
  perSocket: number;
  /** Bound on opening every subscription and receiving its snapshot. */
  subscribeTimeoutMs: number;
}

/** Subscriber worker → main: every subscription has its snapshot (it then holds them). */
export interface SubscribedMessage {
  type: 'subscribed';
  subscribeMs: number;
}

/** Subscriber worker → main, after `stop`: what the subscriptions received while held. */
export interface HeldMessage {
  type: 'held';
  /** Frames after the snapshots. */
  frames: number;
  /** Sockets that closed or subscriptions that errored while held. */
  failures: string[];
}
