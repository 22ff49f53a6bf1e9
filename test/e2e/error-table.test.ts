/**
 * Every code of the gateway's error table (`schema/src/protocol/error-codes.ts`) with the HTTP
 * status it maps to: a missing or unknown key, and each way Wawp fails (a rotating QR, rate
 * limits, 5xx, resets and malformed JSON, a rejected gateway token), the last known state served
 * as stale, and INTERNAL masking over HTTP and graphql-ws. Set-up and helpers: `./support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs, wsFirst } from '../utils/graphql-ws-client';
import { decodeQrPng } from '../utils/qr-decode';
import { sleep } from '../utils/wait';
import { expectError, useApiGateway } from './support';

const api = useApiGateway();
const { admin, sessionInfo, action, waitForStatus, qrCode, createInstance } = api;

describe('upstream failures map to the error table', () => {
  it('UNAUTHENTICATED without a key or with an unknown key', async () => {
    const none = expectError(
      await gql(api.h.url, null, '{ instances { instanceId } }'),
      'UNAUTHENTICATED',
      401,
    );
    expect(none.message).toMatch(/Authorization: Bearer <key>/);
    expectError(
      await gql(api.h.url, 'wga_not-a-real-key-000000', '{ instances { instanceId } }'),
      'UNAUTHENTICATED',
      401,
    );
    expectError(
      await gql(api.h.url, `Basic ${api.h.adminKey}`, '{ viewer { role } }'),
      'UNAUTHENTICATED',
      401,
    );
  });

  it('QR_REFRESHING with retryAfterMs while Wawp rotates the QR (auth/qr answers 422)', async () => {
    const id = api.ids[3]!;
    // Fault first: the webhook-driven QR refresh fails too, so no QR is cached anywhere.
    await api.sim.fault({ instanceId: id, route: 'auth/qr', errorStatus: 422 });
    await action('startSession', id);
    await waitForStatus(id, 'SCAN_QR_CODE');
    const error = expectError(await qrCode(id), 'QR_REFRESHING', 503);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
    // It retried within the floor before giving up: every QR read answered 422, none < 2 s apart.
    const reads = (await api.sim.requests(id)).filter((r) => r.path === '/v2/auth/qr');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((r) => r.status === 422)).toBe(true);
    for (let i = 1; i < reads.length; i++) {
      expect(reads[i]!.timestamp - reads[i - 1]!.timestamp).toBeGreaterThanOrEqual(1_950);
    }
    await api.sim.clearFaults();
    const qr = dataOf(await qrCode(id)).qrCode!;
    expect(decodeQrPng(qr.imageDataUrl)).toBe(qr.value);
    await action('stopSession', id);
  });

  it('RATE_LIMITED with retryAfterMs from Retry-After (429 on session/info)', async () => {
    const id = api.ids[4]!;
    await api.sim.fault({ instanceId: id, route: 'session/info', errorStatus: 429 });
    expect(expectError(await sessionInfo(id), 'RATE_LIMITED', 429).retryAfterMs).toBe(2_000);
    await api.sim.clearFaults();
    await api.sim.fault({ instanceId: id, route: 'session/info', rateLimit: true, retryAfterS: 7 });
    expect(expectError(await sessionInfo(id), 'RATE_LIMITED', 429).retryAfterMs).toBe(7_000);
    await api.sim.clearFaults();
  });

  it('UPSTREAM_UNAVAILABLE on 502, on a reset connection and on malformed JSON', async () => {
    // A new instance: the gateway has never read it, so it has no last known state to fall back on.
    const { instanceId: id } = await createInstance('Flaky');
    for (const fault of [{ errorStatus: 502 }, { reset: true }, { malformedJson: true }]) {
      await api.sim.clearFaults();
      await api.sim.fault({ instanceId: id, route: 'session/info', ...fault });
      const error = expectError(await sessionInfo(id), 'UPSTREAM_UNAVAILABLE', 503);
      expect(error.retryAfterMs, JSON.stringify(fault)).toBeGreaterThan(0);
      expect(error.message).toBe('Wawp is unavailable; try again shortly');
    }
    await api.sim.clearFaults();
    await api.sim.fault({ instanceId: id, route: 'session/start', errorStatus: 503 });
    const start = await admin('mutation($id: ID!) { startSession(instanceId: $id) { status } }', {
      id,
    });
    expectError(start, 'UPSTREAM_UNAVAILABLE', 503);
    await api.sim.clearFaults();
    expect((await api.sim.instance(id))?.status).toBe('STOPPED');
  });

  it('with a last known state, a failing Wawp gives it with stale: true', async () => {
    const id = api.ids[6]!;
    const fresh = dataOf(await sessionInfo(id)).sessionInfo;
    expect(fresh.stale).toBe(false);
    await api.sim.fault({ instanceId: id, route: 'session/info', errorStatus: 502 });
    await sleep(2_100);
    await api.sim.clearRequests();
    const stale = dataOf(await sessionInfo(id)).sessionInfo;
    expect(stale).toEqual({ ...fresh, stale: true });
    expect((await api.sim.requests(id)).map((r) => r.status)).toEqual([502]);
    await api.sim.clearFaults();
    await sleep(2_100);
    expect(dataOf(await sessionInfo(id)).sessionInfo.stale).toBe(false);
  });

  it('UPSTREAM_AUTH_FAILED when Wawp rejects the gateway token', async () => {
    const id = api.ids[7]!;
    const misconfigured = api.leftovers.add(
      await startGateway({
        config: {
          wawpBaseUrl: api.h.simUrl,
          wawpAccessToken: 'wrong-token-for-this-account',
          wawpInstanceIds: [id],
        },
      }),
      (harness) => harness.stop(),
    );
    const read = await gql(
      misconfigured.url,
      misconfigured.adminKey,
      'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
      { id },
    );
    const error = expectError(read, 'UPSTREAM_AUTH_FAILED', 502);
    expect(error.message).toMatch(/WAWP_ACCESS_TOKEN/);
    const start = await gql(
      misconfigured.url,
      misconfigured.adminKey,
      'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
      { id },
    );
    expectError(start, 'UPSTREAM_AUTH_FAILED', 502);
    expect(read.raw + start.raw).not.toContain('wrong-token-for-this-account');
    expect((await api.sim.instance(id))?.status).toBe('STOPPED');
    await misconfigured.stop();
  });

  it('INTERNAL is masked: no message, stack or cause of the real failure', async () => {
    const directory = api.h.gateway.store.directory;
    const original = directory.listTenants;
    directory.listTenants = () => {
      throw new Error('relation "tenants" exploded at /var/lib/secret/path');
    };
    try {
      const result = await admin('{ tenants { id } }');
      const error = expectError(result, 'INTERNAL', 500);
      expect(error.message).toBe('Unexpected error.');
      expect(result.raw).not.toMatch(/exploded|secret|stack|originalError|at \//);
    } finally {
      directory.listTenants = original;
    }
  });

  it('INTERNAL over graphql-ws: a failure while checking a key leaks nothing in the close', async () => {
    const directory = api.h.gateway.store.directory;
    const original = directory.authenticate;
    directory.authenticate = () =>
      Promise.reject(new Error('password authentication failed for user "secret-db-user"'));
    try {
      const tenantShapedKey = `Bearer wgk_${'a'.repeat(43)}`;
      const http = await gql(api.h.url, tenantShapedKey.slice(7), '{ viewer { role } }');
      expect(http.raw).not.toMatch(/secret-db-user|password/);
      const connection = api.leftovers.add(connectWs(api.h.url, tenantShapedKey), (c) =>
        c.dispose(),
      );
      const outcome = await wsFirst(connection, '{ viewer { role } }');
      expect(outcome.kind).toBe('closed');
      expect(outcome.kind === 'closed' ? outcome.reason : '').not.toMatch(
        /secret-db-user|password/,
      );
    } finally {
      directory.authenticate = original;
    }
  });
});
