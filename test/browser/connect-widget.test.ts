/**
 * The `<wawp-connect>` widget on an integrator's page: from an origin the tenant lists in
 * `allowedEmbedOrigins` it links by QR and fires `connected` with `{ instanceId, pushName }`;
 * from any other origin it refuses clearly and fires `error`; a revoked link fires `expired`.
 * Nothing the host page's browser receives holds the Wawp token or a gateway key, and the link
 * token goes in no request URL.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simControl } from '../utils/simulator-control';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
} from './support/browser';
import {
  type ConnectTenant,
  createBrandedTenant,
  createLink,
  type IssuedLink,
  type LoopbackSite,
  revokeLinks,
  startLoopbackSite,
} from './support/connect';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { recordTraffic, type TrafficRecorder } from './support/traffic';

/** What the host page's listeners recorded (`window.widgetEvents`). */
interface WidgetEvent {
  type: 'connected' | 'expired' | 'error';
  detail: Record<string, unknown>;
}

declare global {
  interface Window {
    widgetEvents: WidgetEvent[];
  }
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

describe.sequential('the <wawp-connect> widget', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let tenant: ConnectTenant;
  let ids: string[];
  /** The page the tenant allows to embed its links, and one it does not. */
  let allowed: LoopbackSite;
  let elsewhere: LoopbackSite;
  /** The link each host page shows at `/embed/<n>` (never in a URL of its own). */
  const embedded = new Map<string, string>();
  let current: Page | undefined;
  const visits: { context: BrowserContext; page: Page; traffic: TrafficRecorder }[] = [];
  const tokens: string[] = [];
  const sim = () => simControl(gateway.simUrl);

  const hostPage = (path: string) => {
    const link = embedded.get(path);
    if (!link) {
      return '<!doctype html><title>Nothing here</title>';
    }
    return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Acme app</title></head>
  <body>
    <h1>Acme app</h1>
    <script>
      window.widgetEvents = [];
      for (const type of ['connected', 'expired', 'error']) {
        document.addEventListener(type, (event) => {
          window.widgetEvents.push({ type, detail: event.detail });
        });
      }
    </script>
    <script type="module" src="${gateway.url}/connect/widget.js"></script>
    <wawp-connect link="${escapeAttr(link)}"></wawp-connect>
  </body>
</html>`;
  };

  /** Opens `site`'s page embedding `link`, with its traffic recorded. */
  async function embed(site: LoopbackSite, link: IssuedLink) {
    tokens.push(link.token);
    const path = `/embed/${embedded.size + 1}`;
    embedded.set(path, link.url);
    const context = await newContext(chromium.browser);
    const traffic = recordTraffic(context);
    const page = await context.newPage();
    current = page;
    visits.push({ context, page, traffic });
    await page.goto(`${site.origin}${path}`);
    await page.locator('wawp-connect').waitFor({ state: 'attached' });
    return page;
  }

  const events = (page: Page) => page.evaluate(() => window.widgetEvents);
  const widget = (page: Page) => page.locator('wawp-connect');

  beforeAll(async () => {
    await ensureConsoleBuilt();
    gateway = await startGatewayProcess({ name: 'connect-widget', timeScale: 2, instances: 4 });
    chromium = await launchChromium();
    allowed = await startLoopbackSite(hostPage);
    elsewhere = await startLoopbackSite(hostPage);
    ids = (await sim().instances()).map((instance) => instance.instance_id);
    // the allow-list compares exact origins: 127.0.0.1 and its port, as the browser sends it
    expect(allowed.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new URL(gateway.url).origin).not.toBe(allowed.origin);
    tenant = await createBrandedTenant(gateway, {
      name: 'Acme',
      instanceIds: ids,
      branding: {
        displayName: 'Acme Support',
        accentColor: '#1a73e8',
        supportUrl: 'https://acme.example/help',
        allowedEmbedOrigins: [allowed.origin],
      },
    });
  }, 90_000);

  keepFailureScreenshots(() => current);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
    await allowed?.close();
    await elsewhere?.close();
  });

  it('links by QR on an allowed origin and fires `connected` with { instanceId, pushName }', async () => {
    const id = ids[0] as string;
    const link = await createLink(gateway, tenant, id);
    const page = await embed(allowed, link);
    await widget(page).getByRole('heading', { level: 1, name: 'Acme Support' }).waitFor();
    await widget(page).locator('img[alt="QR code"]').waitFor();
    await expect
      .poll(() => widget(page).getByRole('status').textContent())
      .toBe('Scan the QR code with WhatsApp');
    expect((await sim().scan(id, { pushName: 'Grace Hopper' })).status).toBe(200);

    await widget(page)
      .getByRole('status')
      .filter({ hasText: 'Connected as Grace Hopper' })
      .waitFor();
    await expect
      .poll(async () => (await events(page)).filter((event) => event.type === 'connected'))
      .toEqual([{ type: 'connected', detail: { instanceId: id, pushName: 'Grace Hopper' } }]);
    expect((await events(page)).filter((event) => event.type !== 'connected')).toEqual([]);
    // the widget never navigates: the host page decides what comes next
    await page.waitForTimeout(3_500);
    expect(page.url()).toBe(`${allowed.origin}/embed/1`);
    expect(await widget(page).getByText('Your WhatsApp is linked.', { exact: false }).count()).toBe(
      1,
    );
    expect((await sim().instance(id))?.status).toBe('WORKING');
  });

  // The widget's GraphQL POSTs carry `x-graphql-csrf`, which the preflight of /connect/graphql
  // must allow: without it no session starts and no code can be requested from another origin.
  it('starts a STOPPED session by itself on an allowed origin and shows the QR', async () => {
    const id = ids[3] as string;
    expect((await sim().instance(id))?.status).toBe('STOPPED');
    const link = await createLink(gateway, tenant, id);
    const page = await embed(allowed, link);
    const qr = widget(page).locator('img[alt="QR code"]');
    // whichever comes first: the QR, or the flow giving up after its three starts
    await qr.or(widget(page).getByRole('button', { name: 'Try again' })).waitFor();
    expect(await widget(page).getByRole('status').textContent()).not.toBe(
      'WhatsApp could not be prepared. Try again in a moment.',
    );
    expect(await qr.count()).toBe(1);
  });

  it('refuses clearly on an origin the tenant does not list, and fires `error`', async () => {
    const id = ids[1] as string;
    const link = await createLink(gateway, tenant, id);
    const page = await embed(elsewhere, link);
    const refusal = `This site (${elsewhere.origin}) may not show this link. Open the link itself instead.`;
    await widget(page).getByRole('status').filter({ hasText: refusal }).waitFor();
    await expect
      .poll(() => events(page))
      .toEqual([{ type: 'error', detail: { message: refusal } }]);
    // nothing of the flow: no QR, no session started
    expect(await widget(page).locator('img[alt="QR code"]').count()).toBe(0);
    expect((await sim().instance(id))?.status).toBe('STOPPED');
  });

  it('fires `expired` with the state of a revoked link', async () => {
    const id = ids[2] as string;
    const link = await createLink(gateway, tenant, id);
    expect(await revokeLinks(gateway, tenant, id)).toBe(1);
    const page = await embed(allowed, link);
    await widget(page)
      .getByRole('status')
      .filter({ hasText: 'This link is no longer valid' })
      .waitFor();
    await expect
      .poll(() => events(page))
      .toEqual([{ type: 'expired', detail: { state: 'revoked' } }]);
    expect(await widget(page).getByRole('link', { name: 'Contact support' }).count()).toBe(1);
  });

  it('never shows the host page’s browser the Wawp token or a gateway key; no URL holds the link token', async () => {
    for (const visit of visits) {
      await visit.traffic.settle();
    }
    const items = visits.flatMap((visit) => visit.traffic.items);
    const kinds = new Set(items.map((item) => item.kind));
    for (const kind of ['request-url', 'response-body', 'ws-sent', 'ws-received']) {
      expect(kinds, `recorded ${kind}`).toContain(kind);
    }
    // the widget module itself and the gateway's answers were searched
    const responses = items.filter((item) => item.kind === 'response-body').map((item) => item.url);
    expect(responses).toContain(`${gateway.url}/connect/widget.js`);
    expect(responses).toContain(`${gateway.url}/connect/session`);
    for (const visit of visits) {
      for (const [name, secret] of [
        ['Wawp token', gateway.canary],
        ['admin key', gateway.key],
        ['tenant key', tenant.tenantKey],
      ] as const) {
        expect(visit.traffic.find(secret), name).toEqual([]);
      }
      for (const token of tokens) {
        expect(visit.traffic.find(token, ['request-url', 'ws-url'])).toEqual([]);
      }
    }
    // the widget sent its token as a bearer (header, socket connection_init), not in the URL
    const first = visits[0]?.traffic;
    expect(first?.find(tokens[0] as string, ['ws-sent']).length).toBeGreaterThan(0);
  });
});
