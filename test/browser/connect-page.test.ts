/**
 * The end user's connect page in Chromium at phone width: a link opened from a message links by
 * QR and goes back to the integrator's return URL; another links by pairing code from STOPPED;
 * expired, revoked and used links show their pages with the tenant's support link; the token
 * leaves the address bar and is never in a later request URL; nothing the page receives holds
 * the Wawp token or a gateway key; and the branded QR screen is shot in light and dark.
 */
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simControl } from '../utils/simulator-control';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  VIEWPORTS,
} from './support/browser';
import {
  type ConnectTenant,
  createBrandedTenant,
  createLink,
  createScratchDatabase,
  type IssuedLink,
  type LoopbackSite,
  pngDataUrl,
  revokeLinks,
  type ScratchDatabase,
  startLoopbackSite,
} from './support/connect';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { artifactsDir, repoRoot } from './support/paths';
import { recordTraffic, type TrafficRecorder } from './support/traffic';

const BRAND = {
  displayName: 'Acme Support',
  accentColor: '#7c3aed',
  supportUrl: 'https://acme.example/help',
};
const ENDED = {
  expired: 'This link has expired',
  revoked: 'This link is no longer valid',
  used: 'This link was already used: your WhatsApp is connected',
} as const;

const shotsDir = join(artifactsDir, 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour. */
const luminance = (css: string) => {
  const [r = 0, g = 0, b = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

/** One end user's browser: a phone-sized context whose whole traffic is recorded. */
interface EndUser {
  context: BrowserContext;
  page: Page;
  traffic: TrafficRecorder;
  /** Every request URL the page made, in order, with whether it was a navigation. */
  requests: { url: string; navigation: boolean; referer: string | undefined }[];
}

describe.sequential('the connect page (end user, phone)', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let database: ScratchDatabase | undefined;
  let returnSite: LoopbackSite;
  let tenant: ConnectTenant;
  let ids: string[];
  let current: Page | undefined;
  const users: EndUser[] = [];
  /** Every link token a test opened: none may show up where it should not. */
  const tokens: string[] = [];
  const sim = () => simControl(gateway.simUrl);

  async function endUser(): Promise<EndUser> {
    const context = await newContext(chromium.browser, {
      viewport: VIEWPORTS.phone,
      isMobile: true,
      hasTouch: true,
    });
    const traffic = recordTraffic(context);
    const requests: EndUser['requests'] = [];
    context.on('request', (request) =>
      requests.push({
        url: request.url(),
        navigation: request.isNavigationRequest(),
        referer: request.headers().referer,
      }),
    );
    const page = await context.newPage();
    current = page;
    const user = { context, page, traffic, requests };
    users.push(user);
    return user;
  }

  async function open(link: IssuedLink): Promise<EndUser> {
    tokens.push(link.token);
    const user = await endUser();
    await user.page.goto(link.url);
    return user;
  }

  const status = (page: Page) => page.getByRole('status');

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // its own database, so that a test can move a link's expiry into the past
    database = await createScratchDatabase('wawp_connect_page');
    // scale 2: the first QR lasts 30 s, long enough to shoot it twice
    gateway = await startGatewayProcess({
      name: 'connect-page',
      timeScale: 2,
      instances: 5,
      env: { DATABASE_URL: database.databaseUrl },
    });
    chromium = await launchChromium();
    returnSite = await startLoopbackSite(
      (path) => `<!doctype html><title>Back at Acme</title><h1>Back at Acme</h1><p>${path}</p>`,
    );
    ids = (await sim().instances()).map((instance) => instance.instance_id);
    expect(ids).toHaveLength(5);
    tenant = await createBrandedTenant(gateway, {
      name: 'Acme',
      instanceIds: ids,
      branding: {
        ...BRAND,
        logoDataUrl: pngDataUrl(48),
        allowedReturnOrigins: [returnSite.origin],
      },
    });
  }, 90_000);

  keepFailureScreenshots(() => current);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
    await returnSite?.close();
    await database?.drop();
  });

  let usedLink: IssuedLink;

  it('links by QR, says "Connected as <name>", then goes back to the return URL', async () => {
    const id = ids[0] as string;
    usedLink = await createLink(gateway, tenant, id, { returnUrl: `${returnSite.origin}/done` });
    const { page } = await open(usedLink);
    await page.getByRole('heading', { level: 1, name: BRAND.displayName }).waitFor();
    await page.locator('img[alt="QR code"]').waitFor();
    await expect.poll(() => status(page).textContent()).toBe('Scan the QR code with WhatsApp');
    // the page started the session by itself; the phone now scans the code
    expect((await sim().instance(id))?.status).toBe('SCAN_QR_CODE');
    expect((await sim().scan(id, { pushName: 'Ada Lovelace' })).status).toBe(200);

    await status(page).filter({ hasText: 'Connected as Ada Lovelace' }).waitFor();
    const connectedAt = Date.now();
    await page.getByText('Taking you back in a few seconds…').waitFor();
    const target = `${returnSite.origin}/done?status=connected&instance=${encodeURIComponent(id)}`;
    await page.waitForURL(target, { timeout: 10_000 });
    const waited = Date.now() - connectedAt;
    expect(waited, 'redirect after ~3 s').toBeGreaterThan(2_000);
    expect(waited, 'redirect after ~3 s').toBeLessThan(6_000);
    await page.getByRole('heading', { name: 'Back at Acme' }).waitFor();
    expect(returnSite.requests).toContain(
      `/done?status=connected&instance=${encodeURIComponent(id)}`,
    );
    expect((await sim().instance(id))?.status).toBe('WORKING');
  });

  it('keeps the token out of the address bar and of every request URL after the first load', async () => {
    const user = users[0] as EndUser;
    const token = usedLink.token;
    // the token went out in one URL only: the first navigation to /connect/<token>
    const withToken = user.requests.filter((request) => request.url.includes(token));
    expect(withToken).toEqual([{ url: usedLink.url, navigation: true, referer: undefined }]);
    expect(user.requests[0]?.url).toBe(usedLink.url);
    // … and the rest of the visit happened: assets, the session exchange, GraphQL, the return page
    const paths = user.requests.map((request) => new URL(request.url).pathname);
    expect(paths).toContain('/connect/session');
    expect(paths).toContain('/connect/graphql');
    expect(paths).toContain('/done');
    expect(user.requests.length).toBeGreaterThan(4);
    // no Referer carried it either, and neither did a socket URL
    expect(user.requests.filter((request) => request.referer?.includes(token))).toEqual([]);
    expect(user.traffic.find(token, ['ws-url'])).toEqual([]);
    // the session exchange is where it went: in a POST body
    expect(user.traffic.find(token, ['request-body']).map((hit) => hit.url)).toEqual([
      `${gateway.url}/connect/session`,
    ]);
    expect(user.page.url()).not.toContain(token);

    // on a fresh visit, the address bar drops it as soon as the page has traded it
    const fresh = await createLink(gateway, tenant, ids[4] as string);
    const { page } = await open(fresh);
    await page.getByRole('heading', { level: 1, name: BRAND.displayName }).waitFor();
    await page.waitForURL(`${gateway.url}/connect`);
    expect(page.url()).not.toContain(fresh.token);
    expect(await page.evaluate(() => window.location.href)).toBe(`${gateway.url}/connect`);
    // a reload works from the cookie alone, with no token anywhere
    await page.reload();
    await page.getByRole('heading', { level: 1, name: BRAND.displayName }).waitFor();
    await expect
      .poll(() => status(page).textContent(), { timeout: 15_000 })
      .toMatch(/Scan the QR code with WhatsApp|Preparing…/);
    const later = users.at(-1)?.requests.slice(1) ?? [];
    expect(later.filter((request) => request.url.includes(fresh.token))).toEqual([]);
    await page.close();
  });

  it('links by pairing code from STOPPED', async () => {
    const id = ids[1] as string;
    expect((await sim().instance(id))?.status).toBe('STOPPED');
    const link = await createLink(gateway, tenant, id);
    const { page } = await open(link);
    // on "Preparing…" or already on the QR screen: both offer the phone number
    await page.getByRole('button', { name: 'Use a phone number instead' }).click();
    await page.getByRole('textbox', { name: 'Phone number' }).fill('+20 114 520 2826');
    await page.getByRole('button', { name: 'Request pairing code' }).click();
    const shown = page.locator('[aria-label="Pairing code"]');
    await shown.waitFor({ timeout: 20_000 });
    const code = ((await shown.textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    await expect.poll(() => status(page).textContent()).toBe('Enter this code on your phone');
    // the code the page shows is the one the phone must type
    expect((await sim().instance(id))?.pairing?.code.replace('-', '')).toBe(code.replace('-', ''));
    expect((await sim().enterCode(id, code)).status).toBe(200);

    await status(page)
      .filter({ hasText: /^Connected/ })
      .waitFor();
    await page.getByText('Your WhatsApp is linked. You can close this page.').waitFor();
    expect((await sim().instance(id))?.status).toBe('WORKING');
    const statuses = (await sim().history(id)).map((entry) => entry.status);
    expect(statuses).toEqual(expect.arrayContaining(['STARTING', 'SCAN_QR_CODE', 'WORKING']));
    // no return URL: the page stays
    expect(page.url()).toBe(`${gateway.url}/connect`);
  });

  async function expectEnded(page: Page, state: keyof typeof ENDED) {
    await status(page).filter({ hasText: ENDED[state] }).waitFor();
    await page.locator(`.connect-ended[data-state="${state}"]`).waitFor();
    await page.getByRole('heading', { level: 1, name: BRAND.displayName }).waitFor();
    const support = page.getByRole('link', { name: 'Contact support' });
    expect(await support.getAttribute('href')).toBe(BRAND.supportUrl);
    // the flow is gone: no QR, no phone form
    expect(await page.locator('img[alt="QR code"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use a phone number instead' }).count()).toBe(0);
  }

  it('shows an expired link its page, with the tenant’s support link, and starts nothing', async () => {
    const id = ids[3] as string;
    const link = await createLink(gateway, tenant, id, { ttlMinutes: 5 });
    const moved = await database?.pool.query(
      "update connect_links set expires_at = now() - interval '1 minute' where id = $1",
      [link.id],
    );
    expect(moved?.rowCount).toBe(1);
    const { page } = await open(link);
    await expectEnded(page, 'expired');
    expect(await page.getByText(`Ask ${BRAND.displayName} for a new link.`).count()).toBe(1);
    expect((await sim().instance(id))?.status).toBe('STOPPED');
  });

  it('shows a revoked link its page, and turns an open page to it when revoked meanwhile', async () => {
    const id = ids[3] as string;
    const link = await createLink(gateway, tenant, id);
    expect(await revokeLinks(gateway, tenant, id)).toBeGreaterThanOrEqual(1);
    const { page } = await open(link);
    await expectEnded(page, 'revoked');
    expect((await sim().instance(id))?.status).toBe('STOPPED');

    // a page showing its QR when the tenant revokes the link
    const live = await createLink(gateway, tenant, ids[4] as string);
    const other = (await open(live)).page;
    await other.locator('img[alt="QR code"]').waitFor();
    expect(await revokeLinks(gateway, tenant, ids[4] as string)).toBeGreaterThanOrEqual(1);
    await status(other).filter({ hasText: ENDED.revoked }).waitFor({ timeout: 10_000 });
    expect(await other.locator('img[alt="QR code"]').count()).toBe(0);
  });

  it('shows a used link its page', async () => {
    // the first test's link: its instance reached WORKING
    const { page } = await open(usedLink);
    await expectEnded(page, 'used');
    expect(await page.getByText('There is nothing more to do here.').count()).toBe(1);
  });

  it('shoots the branded QR screen at phone width, light and dark', async () => {
    // untouched so far: the page starts it, and its first code lasts 30 s
    const id = ids[2] as string;
    expect((await sim().instance(id))?.status).toBe('STOPPED');
    const link = await createLink(gateway, tenant, id);
    const { page } = await open(link);
    await mkdir(shotsDir, { recursive: true });
    const saved: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await page.locator('img[alt="QR code"]').waitFor();
      await expect.poll(() => status(page).textContent()).toBe('Scan the QR code with WhatsApp');
      await page.getByRole('heading', { level: 1, name: BRAND.displayName }).waitFor();
      const logo = page.locator('img.connect-logo');
      await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
      expect(
        await page
          .locator('.connect')
          .evaluate((el: HTMLElement) => el.style.getPropertyValue('--accent')),
      ).toBe(BRAND.accentColor);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (theme === 'dark') {
        expect(luminance(background), `dark background, got ${background}`).toBeLessThan(0.25);
      } else {
        expect(luminance(background), `light background, got ${background}`).toBeGreaterThan(0.75);
      }
      const widths = await page.evaluate(() => ({
        content: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      expect(widths.content, 'scrolls sideways at phone width').toBeLessThanOrEqual(
        widths.viewport,
      );
      const file = join(shotsDir, `connect-qr-${theme}-phone.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      expect((await stat(file)).size).toBeGreaterThan(5_000);
      saved.push(file);
    }
    if (process.env.UPDATE_DOC_SCREENSHOTS === '1') {
      await mkdir(docsDir, { recursive: true });
      for (const file of saved) {
        await copyFile(file, join(docsDir, file.split('/').at(-1) as string));
      }
    }
  });

  it('never shows the end user’s browser the Wawp token or a gateway key', async () => {
    for (const user of users) {
      await user.traffic.settle();
    }
    const items = users.flatMap((user) => user.traffic.items);
    const kinds = new Set(items.map((item) => item.kind));
    for (const kind of ['request-url', 'request-body', 'response-body', 'ws-sent', 'ws-received']) {
      expect(kinds, `recorded ${kind}`).toContain(kind);
    }
    // the built page's script, its GraphQL answers and its socket frames were all searched
    const responses = items.filter((item) => item.kind === 'response-body').map((item) => item.url);
    expect(responses.some((url) => /\/assets\/connect-[^/]+\.js$/.test(url))).toBe(true);
    expect(responses).toContain(`${gateway.url}/connect/session`);
    for (const user of users) {
      for (const [name, secret] of [
        ['Wawp token', gateway.canary],
        ['admin key', gateway.key],
        ['tenant key', tenant.tenantKey],
      ] as const) {
        expect(user.traffic.find(secret), name).toEqual([]);
      }
      // what the page receives never repeats a link token either
      for (const token of tokens) {
        expect(user.traffic.find(token, ['response-body', 'ws-received'])).toEqual([]);
      }
    }
  });
});
