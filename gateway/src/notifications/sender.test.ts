import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ClaimedDelivery } from '../store/notification-deliveries';
import type { SigningEndpoint } from '../store/notification-endpoints';
import { RETRY } from './retry-schedule';
import { createSender } from './sender';

const HOUR = 60 * 60_000;
let server: Server;
let answer = 500;
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => response.writeHead(answer).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** A sender over an outbox holding one due delivery, queued `queuedAgoMs` ago, of an endpoint failing since `failingForMs`. */
function setup({ queuedAgoMs = 0, failingForMs = null as number | null } = {}) {
  const endpoint: SigningEndpoint = {
    id: 'e1',
    tenantId: 't1',
    url,
    kinds: ['SESSION_LINKED'],
    description: null,
    includeConnectLink: false,
    connectLinkTtlMinutes: 1440,
    enabled: true,
    disabledReason: null,
    createdAt: new Date(),
    secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  };
  const delivery: ClaimedDelivery = {
    id: 'msg_1',
    endpointId: 'e1',
    kind: 'SESSION_LINKED',
    instanceId: 'i1',
    status: 'PENDING',
    attempts: 0,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: null,
    createdAt: new Date(),
    deliveredAt: null,
    payload: { type: 'session.linked', data: {} },
    queuedAt: new Date(Date.now() - queuedAgoMs),
  };
  const endpoints = {
    forSigning: vi.fn(async () => endpoint),
    // the database keeps the first failure's time; a success clears it
    noteOutcome: vi.fn(async (_id: string, ok: boolean) =>
      ok || failingForMs === null ? null : new Date(Date.now() - failingForMs),
    ),
    setEnabled: vi.fn(async () => null),
  };
  const deliveries = {
    claimDue: vi.fn(async () => [delivery]),
    record: vi.fn(async (_id: string, _outcome: unknown) => {}),
    failOpen: vi.fn(async () => {}),
    setPayload: vi.fn(async () => {}),
  };
  const sender = createSender({
    store: { notifications: { endpoints, deliveries } } as never,
    makeConnectLink: vi.fn(),
    policy: { allowHttp: true, allowPrivate: true },
    logger: { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  });
  const recorded = () =>
    deliveries.record.mock.calls.at(-1)?.[1] as unknown as {
      status: string;
      error: string | null;
      nextAttemptAt: Date | null;
    };
  return { sender, endpoints, deliveries, recorded };
}

describe('giving up', () => {
  it('retries a failure of an endpoint failing for less than 3 days', async () => {
    answer = 500;
    const { sender, endpoints, recorded } = setup({ failingForMs: RETRY.disableAfterMs - HOUR });
    await sender.run();
    expect(recorded()).toMatchObject({ status: 'RETRYING', error: 'HTTP 500' });
    expect(recorded().nextAttemptAt).toBeInstanceOf(Date);
    expect(endpoints.setEnabled).not.toHaveBeenCalled();
  });

  it('disables an endpoint failing for 3 days, failing what it still owed, and says why', async () => {
    answer = 503;
    const { sender, endpoints, deliveries, recorded } = setup({
      failingForMs: RETRY.disableAfterMs,
    });
    await sender.run();
    expect(recorded()).toMatchObject({ status: 'FAILED', nextAttemptAt: null });
    expect(endpoints.setEnabled).toHaveBeenCalledWith('e1', false, 'it has failed for 3 days');
    expect(deliveries.failOpen).toHaveBeenCalledWith(
      'e1',
      'endpoint disabled: it has failed for 3 days',
    );
  });

  it('fails a delivery still failing 24 h after it was queued, the endpoint left enabled', async () => {
    answer = 500;
    const young = setup({ queuedAgoMs: RETRY.giveUpAfterMs - HOUR, failingForMs: HOUR });
    await young.sender.run();
    expect(young.recorded().status).toBe('RETRYING');

    const old = setup({ queuedAgoMs: RETRY.giveUpAfterMs, failingForMs: HOUR });
    await old.sender.run();
    expect(old.recorded()).toMatchObject({
      status: 'FAILED',
      error: 'HTTP 500; given up after 24 h',
      nextAttemptAt: null,
    });
    expect(old.endpoints.setEnabled).not.toHaveBeenCalled();
  });

  it('a 2xx delivers and clears the failing streak', async () => {
    answer = 204;
    const { sender, endpoints, recorded } = setup({ failingForMs: RETRY.disableAfterMs });
    await sender.run();
    expect(recorded()).toMatchObject({ status: 'DELIVERED', error: null });
    expect(endpoints.noteOutcome).toHaveBeenCalledWith('e1', true);
    expect(endpoints.setEnabled).not.toHaveBeenCalled();
  });
});
