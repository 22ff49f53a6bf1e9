/**
 * Every response of the gateway carries the security headers: a Content-Security-Policy of its
 * own origin only (never framed), `X-Content-Type-Options: nosniff` and `Referrer-Policy:
 * no-referrer`. The console's files, GraphiQL (with its own policy for its inline script),
 * GraphQL over HTTP and SSE, health, metrics, the webhook route, errors and 404s.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../gateway/src/http/security-headers';
import { createLeftovers } from '../utils/leftovers';
import { type HardenedGateway, startHardenedGateway } from './hardening-support';

const leftovers = createLeftovers();
let h: HardenedGateway;
let dev: HardenedGateway;
const consoleDir = mkdtempSync(join(tmpdir(), 'wawp-console-'));

beforeAll(async () => {
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(
    join(consoleDir, 'index.html'),
    '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(consoleDir, 'assets', 'app.js'), 'console.log("console");');
  h = leftovers.add(await startHardenedGateway({ deps: { consoleDir } }), (gateway) =>
    gateway.stop(),
  );
  dev = leftovers.add(await startHardenedGateway({ config: { development: true } }), (gateway) =>
    gateway.stop(),
  );
});

afterAll(async () => {
  await leftovers.disposeAll();
  rmSync(consoleDir, { recursive: true, force: true });
});

/** The three headers, and a policy that is the gateway's own origin only. */
function expectSecurityHeaders(response: Response, what: string) {
  const csp = response.headers.get('content-security-policy') ?? '(none)';
  expect(csp, `${what}: CSP`).toContain("default-src 'self'");
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: CSP`).not.toMatch(/https?:|\*/);
  expect(response.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), `${what}: referrer`).toBe('no-referrer');
  return csp;
}

const auth = () => ({ authorization: `Bearer ${h.adminKey}` });

describe('the security headers', () => {
  it('the policy: own origin, no inline script or style, data: images only, never framed', () => {
    expect(CONTENT_SECURITY_POLICY.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]);
  });

  it('on the console: index.html, an asset, the single-page fallback and a missing asset (404)', async () => {
    for (const path of ['/', '/assets/app.js', '/instances/ABC', '/tenants']) {
      const response = await fetch(`${h.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(expectSecurityHeaders(response, path)).toBe(CONTENT_SECURITY_POLICY);
    }
    const missing = await fetch(`${h.url}/assets/missing.js`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, '/assets/missing.js');
  });

  it('on /graphql: a JSON answer, a GraphQL error, an SSE stream, and the 415 and 413 refusals', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth(), ...headers },
        body,
      });
    const ok = await post(JSON.stringify({ query: '{ viewer { role } }' }));
    expect(ok.status).toBe(200);
    expect(expectSecurityHeaders(ok, 'POST /graphql')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('cache-control')).toBe('no-store');

    const unauthenticated = await fetch(
      `${h.url}/graphql?query=${encodeURIComponent('{ viewer { role } }')}`,
    );
    expectSecurityHeaders(unauthenticated, 'GET /graphql without a key');

    const controller = new AbortController();
    const sse = await fetch(
      `${h.url}/graphql?query=${encodeURIComponent('subscription { sessionEvents { __typename } }')}`,
      { headers: { accept: 'text/event-stream', ...auth() }, signal: controller.signal },
    );
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectSecurityHeaders(sse, 'SSE');
    controller.abort();
    await sse.body?.cancel().catch(() => undefined);

    const form = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    expectSecurityHeaders(form, '415');
    const big = await post(
      JSON.stringify({ query: '{ viewer { role } }', pad: 'x'.repeat(70_000) }),
    );
    expect(big.status).toBe(413);
    expectSecurityHeaders(big, '413');
  });

  it('on /healthz, /readyz and /metrics', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const response = await fetch(`${h.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(expectSecurityHeaders(response, path)).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('on the webhook route and on 404s of the API', async () => {
    const webhook = await fetch(`${h.url}/webhooks/wawp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(webhook, 'POST /webhooks/wawp');
    for (const path of ['/webhooks/nope', '/graphql/nope', '/metrics/x']) {
      const response = await fetch(`${h.url}${path}`);
      expect(response.status, path).toBe(404);
      expectSecurityHeaders(response, path);
    }
    // without a console every other path is the API's 404 too
    const none = await fetch(`${dev.url}/no-console-here`);
    expect(none.status).toBe(404);
    expectSecurityHeaders(none, 'no console');
  });

  it('on GraphiQL (development): its own policy, allowing its inline script by hash, no other origin', async () => {
    const response = await fetch(`${dev.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/graphiql/i);
    const csp = expectSecurityHeaders(response, 'GraphiQL');
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain("'unsafe-eval'");
    // served from the gateway: no script, stylesheet or font from a CDN
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net/);
    // the JSON answers of the same gateway keep the strict policy
    const json = await fetch(`${dev.url}/healthz`);
    expect(json.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
