/** One HTTP request the load worker sends, again and again. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** Main → load worker (`workerData`). */
export type LoadPlan =
  | {
      /** `count` requests all at once; resolves when every one has answered. */
      kind: 'burst';
      request: LoadRequest;
      count: number;
      timeoutMs: number;
    }
  | {
      /** Closed loop: `concurrency` requests in flight for `durationMs` after `warmupMs`. */
      kind: 'closed';
      request: LoadRequest;
      concurrency: number;
      warmupMs: number;
      durationMs: number;
    }
  | {
      /** Naive pollers: each target's request every `intervalMs`, each on its own timer. */
      kind: 'poll';
      targets: { key: string; request: LoadRequest }[];
      intervalMs: number;
      durationMs: number;
    };

/** Load worker → main: what came back. */
export interface LoadResult {
  type: 'done';
  /** Requests answered (measured window only for `closed`). */
  completed: number;
  /** Answers that were not 2xx, or connections that failed. */
  errors: number;
  /** A few error descriptions. */
  errorSamples: string[];
  /** Wall ms of the measured window. */
  elapsedMs: number;
  /** ms per request, ascending (`closed`, `burst`). */
  latencies: Float64Array;
  /** `poll` only: unix ms of every request sent, per target key. */
  sentAt?: Record<string, number[]>;
}
