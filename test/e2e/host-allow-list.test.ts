/**
 * DNS rebinding: a page of another site whose name now resolves to this machine still sends its
 * own name in `Host`. The gateway answers only the names it is (loopback, `HOST`, the public
 * URL's host, `GATEWAY_ALLOWED_HOSTS`) and refuses every other with 421, on HTTP and on the
 * WebSocket upgrade, before anything else happens. Every request here goes to 127.0.0.1; only
 * the header is made up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../gateway/src/config';
import { dataOf, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { type HardenedGateway, rawRequest, startHardenedGateway } from './hardening-support';

const leftovers = createLeftovers();
let h: HardenedGateway;
const REFUSED = {
  errors: [{ message: 'Misdirected request: this gateway does not serve that Host' }],
};

beforeAll(async () => {
  // what loadConfig computes for GATEWAY_PUBLIC_URL and GATEWAY_ALLOWED_HOSTS
  const { allowedHosts } = loadConfig({
    GATEWAY_PUBLIC_URL: 'https://gw.example.test',
    GATEWAY_ALLOWED_HOSTS: 'internal.example.test:8080',
  });
  h = leftovers.add(await startHardenedGateway({ config: { allowedHosts } }), (gateway) =>
    gateway.stop(),
  );
});

afterAll(() => leftovers.disposeAll());

const tenantCount = async () =>
  dataOf(await gql<{ tenants: unknown[] }>(h.url, h.adminKey, '{ tenants { id } }')).tenants.length;

describe('HTTP', () => {
  it('answers the allowed names', async () => {
    for (const host of [
      `127.0.0.1:${h.port}`,
      `localhost:${h.port}`,
      `[::1]:${h.port}`,
      `127.3.2.1:${h.port}`,
      'gw.example.test',
      'GW.Example.Test:443',
      'internal.example.test:8080',
    ]) {
      const response = await rawRequest(h.port, { path: '/healthz', headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });

  it('refuses Host: evil.example with 421 and a short JSON error, on every path', async () => {
    for (const path of [
      '/healthz',
      '/graphql',
      '/metrics',
      '/webhooks/wawp',
      '/',
      '/instances/x',
    ]) {
      const response = await rawRequest(h.port, { path, headers: { host: 'evil.example' } });
      expect(response.status, path).toBe(421);
      expect(response.headers['content-type']).toBe('application/json');
      expect(JSON.parse(response.body), path).toEqual(REFUSED);
      expect(response.headers['content-security-policy'], path).toContain("default-src 'self'");
    }
    for (const host of [
      `evil.example:${h.port}`,
      'internal.example.test:80',
      'gw.example.test.evil.example',
      'not a host',
    ]) {
      expect((await rawRequest(h.port, { path: '/healthz', headers: { host } })).status, host).toBe(
        421,
      );
    }
  });

  it('refuses before anything else: no mutation runs, no body cap is consulted', async () => {
    const before = await tenantCount();
    const body = JSON.stringify({ query: 'mutation { createTenant(name: "rebound") { id } }' });
    const refused = await rawRequest(h.port, {
      path: '/graphql',
      method: 'POST',
      headers: {
        host: 'evil.example',
        'content-type': 'application/json',
        authorization: `Bearer ${h.adminKey}`,
      },
      body,
    });
    expect(refused.status).toBe(421);
    expect(await tenantCount()).toBe(before);
    const large = await rawRequest(h.port, {
      path: '/graphql',
      method: 'POST',
      headers: { host: 'evil.example', 'content-type': 'application/json' },
      body: 'x'.repeat(70_000),
    });
    expect(large.status).toBe(421);
    // the same mutation with the gateway's own name runs (so the check above can fail)
    const allowed = await rawRequest(h.port, {
      path: '/graphql',
      method: 'POST',
      headers: {
        host: `127.0.0.1:${h.port}`,
        'content-type': 'application/json',
        authorization: `Bearer ${h.adminKey}`,
      },
      body,
    });
    expect(allowed.status).toBe(200);
    expect(await tenantCount()).toBe(before + 1);
  });
});

describe('the WebSocket upgrade', () => {
  /** A raw upgrade to 127.0.0.1 with `host` as the Host header: 101, or the status refused with. */
  const upgrade = (host: string) =>
    new Promise<{ status: number; body: string }>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${h.port}/graphql`, 'graphql-transport-ws', {
        headers: { host },
      });
      socket.on('upgrade', (res) => {
        resolve({ status: res.statusCode ?? 0, body: '' });
        socket.close();
      });
      socket.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          socket.terminate();
        });
      });
      socket.on('error', () => resolve({ status: 0, body: '' }));
    });

  it('refuses Host: evil.example with 421 and never upgrades', async () => {
    const refused = await upgrade('evil.example');
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body)).toEqual(REFUSED);
    expect((await upgrade(`evil.example:${h.port}`)).status).toBe(421);
  });

  it('upgrades for the allowed names', async () => {
    for (const host of [`127.0.0.1:${h.port}`, `localhost:${h.port}`, 'gw.example.test']) {
      expect((await upgrade(host)).status, host).toBe(101);
    }
  });

  it('the gateway keeps serving after refused upgrades', async () => {
    await Promise.all(Array.from({ length: 20 }, () => upgrade('evil.example')));
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });
});
