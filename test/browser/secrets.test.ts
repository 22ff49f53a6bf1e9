import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql-http';
import { simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  signInWithLink,
  waitForStatus,
} from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { consoleDist } from './support/paths';
import { recordTraffic, sentUrl, type TrafficRecorder } from './support/traffic';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
    ),
  );
  return nested.flat();
}

/**
 * A whole console session is recorded (request URLs and bodies, response bodies, WebSocket
 * frames, built assets), then searched. The Wawp token (a canary) is nowhere; the gateway key goes
 * only in headers and the socket's `connection_init`, never a URL.
 */
describe.sequential('secrets in what the browser sees', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let context: BrowserContext;
  let page: Page;
  let traffic: TrafficRecorder;
  let ids: string[];
  const sim = () => simControl(gateway.simUrl);

  beforeAll(async () => {
    await ensureConsoleBuilt();
    gateway = await startGatewayProcess({ name: 'secrets', timeScale: 10, instances: 3 });
    chromium = await launchChromium();
    ids = (await sim().instances()).map((instance) => instance.instance_id);
    const tenant = await gql(
      gateway.url,
      gateway.key,
      'mutation { createTenant(name: "Canary Co") { id } }',
    );
    expect(tenant.errors).toBeUndefined();
    context = await newContext(chromium.browser);
    traffic = recordTraffic(context);
    page = await context.newPage();
  });

  keepFailureScreenshots(() => page);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
  });

  it('records a full console session: sign-in, fleet, onboarding, an upstream error, pairing code, tenants', async () => {
    const [first, second] = ids as [string, string];
    await signInWithLink(page, gateway);
    await page.locator(`tr[data-instance-id="${first}"]`).waitFor();

    // QR onboarding on the first instance
    await page.locator(`tr[data-instance-id="${first}"] a`).click();
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    await page.getByRole('img', { name: 'QR code' }).waitFor();
    await sim().scan(first, { pushName: 'Canary Tester' });
    await waitForStatus(page, 'WORKING');
    await page.getByRole('button', { name: 'Refresh screenshot' }).click();

    // an upstream failure on the second instance: the error the console shows comes from Wawp
    await sim().fault({ instanceId: second, route: 'session/start', errorStatus: 500 });
    await page.goto(`${gateway.url}/instances/${second}`);
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('alert').first().waitFor();
    await sim().clearFaults();

    // then the pairing-code path on the same instance
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    await page.getByRole('tab', { name: 'Pairing code' }).click();
    await page.getByRole('textbox', { name: 'Phone number' }).fill('+20 100 123 4567');
    await page.getByRole('button', { name: 'Request pairing code' }).click();
    await page.locator('[aria-label="Pairing code"]').waitFor();

    // tenants: list, issue a key (shown once)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Tenants & keys' })
      .click();
    await page.getByRole('heading', { name: 'Canary Co' }).waitFor();
    await page.getByRole('button', { name: 'Issue key' }).click();
    await page.locator('[aria-label="New API key"]').waitFor();

    await waitFor(async () => (await sim().instance(first))?.status === 'WORKING');
    await traffic.settle();
  });

  it('never shows the browser the Wawp token canary', async () => {
    await traffic.settle();
    // the recording is not empty: pages, assets, GraphQL answers and socket frames were seen
    const kinds = new Set(traffic.items.map((item) => item.kind));
    for (const kind of ['request-url', 'request-body', 'response-body', 'ws-sent', 'ws-received']) {
      expect(kinds, `recorded ${kind}`).toContain(kind);
    }
    expect(traffic.find(gateway.canary)).toEqual([]);
  });

  it('sends the gateway key in headers and connection_init only, never in a URL', async () => {
    // the socket authenticated with the key in its first frame: the search works on frames
    const init = traffic.find(gateway.key, ['ws-sent']);
    expect(init.length).toBeGreaterThan(0);
    expect(init.every((hit) => hit.excerpt.includes('authorization'))).toBe(true);
    expect(traffic.find(gateway.key, ['request-url', 'ws-url'])).toEqual([]);
    // and it is sent nowhere in a request body either
    expect(traffic.find(gateway.key, ['request-body'])).toEqual([]);
    // the address bar dropped the fragment the sign-in link carried
    expect(sentUrl(page.url())).not.toContain(gateway.key);
    expect(page.url()).not.toContain(gateway.key);
  });

  it('built console assets carry no Wawp token, and each one the browser loaded was searched', async () => {
    const files = await filesUnder(consoleDist);
    const loaded = new Set(
      traffic.items
        .filter((item) => item.kind === 'response-body')
        .map((item) => new URL(item.url).pathname),
    );
    const secrets = [
      gateway.canary,
      'sim-access-token',
      'WAWP_ACCESS_TOKEN',
      'SIMULATOR_ACCESS_TOKEN',
    ];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const secret of secrets) {
        expect(text.includes(secret), `${relative(consoleDist, file)} contains ${secret}`).toBe(
          false,
        );
      }
    }
    // what index.html references is what every visit loads
    const html = await readFile(join(consoleDist, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const path of ['/', ...referenced]) {
      expect(loaded, `browser loaded ${path}`).toContain(path);
    }
  });
});
