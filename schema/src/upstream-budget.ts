import { ErrorCode, gatewayError } from './errors';
import type { PortCall, SessionsPort } from './ports';

/** Distinct Wawp calls one GraphQL operation may make through the sessions port. */
export const UPSTREAM_BUDGET = 3;

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
  return new BudgetedSessions(port, limit, { signal });
}

/**
 * The port {@link withUpstreamBudget} returns. A class, so one per operation costs one object
 * and its counters, not a dozen closures: methods must be called on it (`port.getSession(id)`).
 */
class BudgetedSessions implements SessionsPort {
  readonly #port: SessionsPort;
  readonly #limit: number;
  readonly #call: PortCall;
  #counted: Set<string> | null = null;
  #actions = 0;

  constructor(port: SessionsPort, limit: number, call: PortCall) {
    this.#port = port;
    this.#limit = limit;
    this.#call = call;
  }

  /** Counts `key` once; past the limit, a key not counted yet fails. */
  admit(key: string): void {
    this.#counted ??= new Set();
    if (this.#counted.has(key)) {
      return;
    }
    if (this.#counted.size >= this.#limit) {
      throw gatewayError(
        ErrorCode.UpstreamBudgetExceeded,
        `One operation may make at most ${this.#limit} distinct Wawp calls; split it into several.`,
        { limit: this.#limit },
      );
    }
    this.#counted.add(key);
  }

  #action(kind: string): void {
    this.#actions += 1;
    this.admit(`${kind}#${this.#actions}`);
  }

  async getSession(instanceId: string) {
    this.admit(sessionKey(instanceId));
    return this.#port.getSession(instanceId, this.#call);
  }
  peekSession(instanceId: string) {
    return this.#port.peekSession(instanceId);
  }
  async getMe(instanceId: string) {
    this.admit(`me:${instanceId}`);
    return this.#port.getMe(instanceId, this.#call);
  }
  async getQrCode(instanceId: string) {
    this.admit(`qrCode:${instanceId}`);
    return this.#port.getQrCode(instanceId, this.#call);
  }
  async getScreenshot(instanceId: string) {
    this.admit(`screenshot:${instanceId}`);
    return this.#port.getScreenshot(instanceId, this.#call);
  }
  /** A session action: counted each time it is sent. */
  async #act(kind: 'start' | 'stop' | 'restart' | 'logout', instanceId: string) {
    this.#action(kind);
    return this.#port[kind](instanceId, this.#call);
  }
  start(instanceId: string) {
    return this.#act('start', instanceId);
  }
  stop(instanceId: string) {
    return this.#act('stop', instanceId);
  }
  restart(instanceId: string) {
    return this.#act('restart', instanceId);
  }
  logout(instanceId: string) {
    return this.#act('logout', instanceId);
  }
  async requestPairingCode(instanceId: string, phone: string) {
    this.#action('requestPairingCode');
    return this.#port.requestPairingCode(instanceId, phone, this.#call);
  }
  async createUpstream() {
    this.#action('createUpstream');
    return this.#port.createUpstream(this.#call);
  }
  async deleteUpstream(instanceId: string) {
    this.#action('deleteUpstream');
    return this.#port.deleteUpstream(instanceId, this.#call);
  }
}

/**
 * Counts the `session/info` read of `instanceId` against `port`'s budget now, when a field that
 * defers it to the per-request loader resolves: the loader calls `getSession` a tick later, and
 * the budget must refuse fields in the order they resolve, not in the order loaders batch them.
 * Throws `UPSTREAM_BUDGET_EXCEEDED` past the budget; a no-op for a port without one.
 */
export function reserveSessionRead(port: SessionsPort, instanceId: string): void {
  if (port instanceof BudgetedSessions) {
    port.admit(sessionKey(instanceId));
  }
}
