import { ErrorCode, gatewayError } from './errors';
import type { PortCall, SessionsPort } from './ports';

/** Distinct Wawp calls one GraphQL operation may make through the sessions port. */
export const UPSTREAM_BUDGET = 3;

/** The admission check of each budgeted port, for {@link reserveSessionRead}. */
const admissions = new WeakMap<SessionsPort, (key: string) => void>();

const sessionKey = (instanceId: string) => `session:${instanceId}`;

/**
 * The sessions port of one operation, allowed at most `limit` distinct upstream calls. A call is
 * counted before it runs, by what it asks and of which instance:
 *
 * - a read (`getSession`, `getMe`, `getQrCode`, `getScreenshot`) is one call per kind and
 *   instance, so aliases and repeats of it count once, even when the sessions service answers it
 *   from its cache (whether it does depends on other callers; the budget must not);
 * - an action (`start`, `stop`, `restart`, `logout`, `requestPairingCode`, `createUpstream`,
 *   `deleteUpstream`) is one call each time, since each is sent to Wawp;
 * - `peekSession` (list fields) is free: it answers from held state and refreshes it in the
 *   background, outside the operation.
 *
 * Past the limit a call fails with `UPSTREAM_BUDGET_EXCEEDED` without reaching Wawp; the calls
 * already counted, and repeats of them, still go through. Build one per operation (the schema
 * context does), with the operation's `signal`: every call passes it on, so the operation's
 * pending Wawp calls are cancelled when its client goes.
 */
export function withUpstreamBudget(
  port: SessionsPort,
  limit = UPSTREAM_BUDGET,
  signal?: AbortSignal,
): SessionsPort {
  const call: PortCall = { signal };
  const counted = new Set<string>();
  let actions = 0;
  const admit = (key: string) => {
    if (counted.has(key)) {
      return;
    }
    if (counted.size >= limit) {
      throw gatewayError(
        ErrorCode.UpstreamBudgetExceeded,
        `One operation may make at most ${limit} distinct Wawp calls; split it into several.`,
        { limit },
      );
    }
    counted.add(key);
  };
  const read =
    <R>(kind: string, fn: (instanceId: string, call: PortCall) => Promise<R>) =>
    async (instanceId: string): Promise<R> => {
      admit(`${kind}:${instanceId}`);
      return fn(instanceId, call);
    };
  const action =
    <A extends unknown[], R>(kind: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      actions += 1;
      admit(`${kind}#${actions}`);
      return fn(...args);
    };
  const budgeted: SessionsPort = {
    getSession: async (instanceId) => {
      admit(sessionKey(instanceId));
      return port.getSession(instanceId, call);
    },
    peekSession: (instanceId) => port.peekSession(instanceId),
    getMe: read('me', (id, c) => port.getMe(id, c)),
    getQrCode: read('qrCode', (id, c) => port.getQrCode(id, c)),
    getScreenshot: read('screenshot', (id, c) => port.getScreenshot(id, c)),
    start: action('start', (id: string) => port.start(id, call)),
    stop: action('stop', (id: string) => port.stop(id, call)),
    restart: action('restart', (id: string) => port.restart(id, call)),
    logout: action('logout', (id: string) => port.logout(id, call)),
    requestPairingCode: action('requestPairingCode', (id: string, phone: string) =>
      port.requestPairingCode(id, phone, call),
    ),
    createUpstream: action('createUpstream', () => port.createUpstream(call)),
    deleteUpstream: action('deleteUpstream', (id: string) => port.deleteUpstream(id, call)),
  };
  admissions.set(budgeted, admit);
  return budgeted;
}

/**
 * Counts the `session/info` read of `instanceId` against `port`'s budget now, when a field that
 * defers it to the per-request loader resolves: the loader calls `getSession` a tick later, and
 * the budget must refuse fields in the order they resolve, not in the order loaders batch them.
 * Throws `UPSTREAM_BUDGET_EXCEEDED` past the budget; a no-op for a port without one.
 */
export function reserveSessionRead(port: SessionsPort, instanceId: string): void {
  admissions.get(port)?.(sessionKey(instanceId));
}
