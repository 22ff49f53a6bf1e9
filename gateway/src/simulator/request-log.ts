/** One Wawp-surface request as `GET /_sim/requests` lists it. Never holds the access token. */
export interface RequestLogEntry {
  method: string;
  /** The path without its query string. */
  path: string;
  instance_id: string | null;
  /** The HTTP status answered; 0 when the connection was reset by a fault. */
  status: number;
  /** Unix ms when the request arrived. */
  timestamp: number;
}

const LIMIT = 10_000;

export type RequestLog = ReturnType<typeof createRequestLog>;

/** @private A bounded in-memory log; the oldest entries go first past 10 000. */
export function createRequestLog() {
  let entries: RequestLogEntry[] = [];
  return {
    record(entry: RequestLogEntry) {
      entries.push(entry);
      if (entries.length > LIMIT) {
        entries = entries.slice(-LIMIT);
      }
    },
    list: (instanceId?: string) =>
      instanceId === undefined
        ? [...entries]
        : entries.filter((entry) => entry.instance_id === instanceId),
    clear() {
      entries = [];
    },
  };
}
