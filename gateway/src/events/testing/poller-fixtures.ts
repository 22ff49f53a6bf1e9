import type { QrCode, SessionEvent, SessionStatus } from '@wawp-gateway/schema';
import { vi } from 'vitest';
import { createPollManager, type PollManagerOptions } from '../poller';
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
    poll: vi.fn(async (id: string) => {
      pollTimes.push(Date.now());
      if (failure) {
        throw failure;
      }
      return makeState(id, status);
    }),
    fetchQrCode: vi.fn(async (): Promise<QrCode | null> => null),
    forgetQrCode: vi.fn(),
    restart: vi.fn(async (id: string) => makeState(id, 'STARTING')),
  };
  let leaseFree = true;
  const leases = {
    tryAcquire: vi.fn(async () => leaseFree),
    release: vi.fn(async () => {}),
    onLost: vi.fn(() => () => {}),
  };
  let webhookAt: number | null = null;
  const dispatched = new Set<(event: SessionEvent) => void>();
  const hub = {
    ingest: vi.fn(async () => ({ events: [], accepted: true })),
    lastWebhookAt: vi.fn(() => webhookAt),
    noteIntent: vi.fn(),
    announce: vi.fn(async () => ({}) as never),
    publishHealth: vi.fn(async () => {}),
    onDispatch: (listener: (event: SessionEvent) => void) => {
      dispatched.add(listener);
      return () => dispatched.delete(listener);
    },
  };
  const { logger, warnings } = makeLogger();
  const poller = createPollManager({
    sessions,
    leases,
    hub,
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
    webhookNow: () => {
      webhookAt = Date.now();
    },
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
