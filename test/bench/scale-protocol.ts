/** Messages between the `scale` scenario and its client worker (`scale-clients.ts`). */

/** What the client worker is told (its `workerData`). */
export interface ScalePlan {
  /** Each replica's `http://…` URL. */
  replicaUrls: string[];
  authorization: string;
  webhookToken: string;
  /**
   * The instances each replica's subscribers watch, in the order they subscribe (one subscription
   * per entry): `subscriptions[r]` is replica r's list.
   */
  subscriptions: string[][];
  perSocket: number;
  /** Sockets opened at once, taken round-robin from the replicas. */
  socketConcurrency: number;
  /** Instances the claims go to, round-robin. */
  instanceIds: string[];
  /** `STARTING` claims posted per second; claim j goes to replica `j % replicas`. */
  claimsPerSecond: number;
  /** How long claims are posted. */
  durationMs: number;
  /** How long frames are still awaited after the last claim. */
  graceMs: number;
  /** Bound on opening every subscription and receiving its snapshot. */
  subscribeTimeoutMs: number;
}

/** Worker → main: every subscription has its snapshot; main answers `go` (any message). */
export interface ScaleReadyMessage {
  type: 'ready';
  subscribeMs: number;
}

/** Worker → main: what the claims did. */
export interface ScaleDoneMessage {
  type: 'done';
  /** ms from just before a claim's POST to its frame, at subscribers on other replicas. */
  crossMs: Float64Array;
  /** The same at subscribers on the replica the claim was posted to. */
  localMs: Float64Array;
  /** Claims posted (answered 202). */
  claims: number;
  /** Claims that answered something else, or failed. */
  postErrors: number;
  /** Claims no subscriber saw a frame of (the gateway appended no event for them). */
  claimsUnseen: number;
  /** Frames of seen claims that did not reach one of the instance's subscribers in time. */
  missingFrames: number;
  /** Frames after the snapshots, of any event (the polls' STOPPED included). */
  frames: number;
  /** Sockets closed or subscriptions errored during the run; a few post errors. */
  failures: string[];
  /** Unix ms of the first claim and of the end of the grace period. */
  from: number;
  to: number;
}
