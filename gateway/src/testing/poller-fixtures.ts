import type { QrCode, SessionEvent, SessionStatus } from '@wawp-gateway/schema';
import { vi } from 'vitest';
import { createPollManager, type Observation, type PollManagerOptions } from '../events';
import { makeLogger, makeState } from './hub-fixtures';

/** @private A gateway error as the sessions service throws it. */
export const upstreamError = (code: string, retryAfterMs?: number) =>
  Object.assign(new Error(code), { extensions: { code, retryAfterMs } });

/** @private A poll manager over fake sessions, leases and hub, with knobs for the tests. */
export function setupPoller(overrides: Partial<PollManagerOptions> = {}) {
  let status: SessionStatus = 'WORKING';
  let failure: Error | null = null;
  const pollTimes: number[] = [];
  const sessions = {
    readSession: vi.fn(async (id: string) => {
      pollTimes.push(Date.now());
      if (failure) {
        throw failure;
      }
      return { state: makeState(id, status), fresh: true };
    }),
    readQrCode: vi.fn(async (): Promise<QrCode> => {
      throw upstreamError('QR_REFRESHING');
    }),
    forgetQrCode: vi.fn(),
    act: vi.fn(async (id: string) => makeState(id, 'STARTING')),
  };
  let leaseFree = true;
  const leases = {
    tryAcquire: vi.fn(async () => leaseFree),
    release: vi.fn(async () => {}),
    onLost: vi.fn(() => () => {}),
  };
  const dispatched = new Set<(event: SessionEvent) => void>();
  const hub = {
    observe: vi.fn(async (_observation: Observation) => ({ events: [], accepted: true })),
    announce: vi.fn(async () => ({}) as never),
    onDispatch: (listener: (event: SessionEvent) => void) => {
      dispatched.add(listener);
      return () => dispatched.delete(listener);
    },
  };
  const intents = { note: vi.fn() };
  const { logger, warnings } = makeLogger();
  const poller = createPollManager({
    sessions,
    leases,
    hub,
    intents,
    logger,
    intervalMs: 3_000,
    watchdogStartingMs: 0,
    random: () => 0.5,
    ...overrides,
  });
  return {
    poller,
    sessions,
    leases,
    hub,
    intents,
    warnings,
    pollTimes,
    setStatus: (next: SessionStatus) => {
      status = next;
    },
    fail: (error: Error | null) => {
      failure = error;
    },
    setLease: (free: boolean) => {
      leaseFree = free;
    },
    /** A webhook for `instanceId` arrives now (the webhook processor tells the poll manager). */
    webhookNow: (instanceId = 'I1') => poller.noteWebhook(instanceId),
    /** Simulates the hub dispatching a status change (from a webhook, an action, a replica). */
    dispatchStatus: (instanceId: string, next: SessionStatus) => {
      const event = { kind: 'SessionStatusChanged', status: next, previousStatus: null } as const;
      const base = { cursor: '1', instanceId, occurredAt: new Date(), source: 'WEBHOOK' } as const;
      for (const listener of dispatched) {
        listener({ ...base, ...event });
      }
    },
    gaps: () => pollTimes.slice(1).map((t, i) => t - (pollTimes[i] as number)),
  };
}
