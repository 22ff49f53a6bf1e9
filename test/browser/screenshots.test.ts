import { copyFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql } from '../utils/graphql-http';
import { simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  signInWithLink,
  VIEWPORTS,
  waitForStatus,
} from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { artifactsDir, repoRoot } from './support/paths';

const THEMES = ['light', 'dark'] as const;
const SIZES = ['desktop', 'phone'] as const;
type Theme = (typeof THEMES)[number];
type Size = keyof typeof VIEWPORTS;

const shotsDir = join(artifactsDir, 'screenshots');
const docsDir = join(repoRoot, 'docs', 'screenshots');
/** The small current set the README shows (refreshed with UPDATE_DOC_SCREENSHOTS=1). */
const DOC_SHOTS = [
  'fleet-light-desktop.png',
  'instance-qr-dark-desktop.png',
  'instance-working-light-phone.png',
  'tenants-light-desktop.png',
];

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour. */
const luminance = (css: string) => {
  const [r = 0, g = 0, b = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
};

/**
 * Every screen in light and dark, at desktop and phone width, saved under
 * test/artifacts/screenshots. Each shot is taken only once the screen shows what it is meant to
 * show, in the theme it is meant to have, without sideways scrolling on a phone.
 */
describe.sequential('console screenshots', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let ids: string[];
  const saved: string[] = [];
  let current: Page | undefined;
  const sim = () => simControl(gateway.simUrl);
  /** An admin operation that must succeed. */
  const admin = async (query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await gql(gateway.url, gateway.key, query, variables));

  /** Shoots `page` in every theme and size; `ready` waits for the screen's content each time. */
  async function shootAll(page: Page, screen: string, ready: () => Promise<void>) {
    await mkdir(shotsDir, { recursive: true });
    for (const theme of THEMES) {
      for (const size of SIZES) {
        await page.emulateMedia({ colorScheme: theme });
        await page.setViewportSize(VIEWPORTS[size]);
        await ready();
        await expectTheme(page, theme);
        await expectNoSidewaysScroll(page, size, screen);
        const file = join(shotsDir, `${screen}-${theme}-${size}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        expect((await stat(file)).size).toBeGreaterThan(5_000);
        saved.push(file);
      }
    }
  }

  async function expectTheme(page: Page, theme: Theme) {
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (theme === 'dark') {
      expect(luminance(background), `dark background, got ${background}`).toBeLessThan(0.25);
    } else {
      expect(luminance(background), `light background, got ${background}`).toBeGreaterThan(0.75);
    }
  }

  async function expectNoSidewaysScroll(page: Page, size: Size, screen: string) {
    const widths = await page.evaluate(() => ({
      content: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(widths.content, `${screen} at ${size} width scrolls sideways`).toBeLessThanOrEqual(
      widths.viewport,
    );
  }

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // scale 2: the QR codes last 80 s in all, long enough for four shots of the QR screen
    gateway = await startGatewayProcess({ name: 'screenshots', timeScale: 2, instances: 3 });
    chromium = await launchChromium();
    ids = (await sim().instances()).map((instance) => instance.instance_id);
    const [qr, working, tenantOwned] = ids as [string, string, string];

    // a fleet worth looking at: labels, a tenant with a key, one instance of each state
    const tenant = await admin('mutation { createTenant(name: "Acme Logistics") { id } }');
    const tenantId = (tenant as { createTenant: { id: string } }).createTenant.id;
    await admin('mutation ($t: ID!) { issueApiKey(tenantId: $t) { id } }', { t: tenantId });
    const register =
      'mutation ($i: ID!, $l: String, $t: ID) { registerInstance(instanceId: $i, label: $l, tenantId: $t) { instanceId } }';
    await admin(register, { i: qr, l: 'Support desk' });
    await admin(register, { i: working, l: 'Sales line' });
    await admin(register, { i: tenantOwned, l: 'Billing bot', t: tenantId });

    const start = 'mutation ($i: ID!) { startSession(instanceId: $i) { status } }';
    await admin(start, { i: working });
    await waitFor(async () => (await sim().instance(working))?.status === 'SCAN_QR_CODE');
    await sim().scan(working, { pushName: 'Grace Hopper' });
    await admin(start, { i: qr });
    await waitFor(async () => (await sim().instance(qr))?.status === 'SCAN_QR_CODE');
  });

  keepFailureScreenshots(() => current);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
  });

  it('shoots the sign-in screen', async () => {
    // contexts stay open until afterAll closes the browser, so a failure can still be shot
    const context = await newContext(chromium.browser);
    const page = await context.newPage();
    current = page;
    await page.goto(gateway.url);
    await shootAll(page, 'sign-in', async () => {
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    });
  });

  it('shoots the fleet, both instance states and the tenants; the theme picker wins over the system', async () => {
    const [qr, working] = ids as [string, string];
    const context = await newContext(chromium.browser);
    const page = await context.newPage();
    current = page;
    await signInWithLink(page, gateway);
    await shootAll(page, 'fleet', async () => {
      await page.getByRole('heading', { name: 'Instances' }).waitFor();
      for (const id of ids) {
        await page.locator(`tr[data-instance-id="${id}"]`).waitFor();
      }
      await page.getByText('Grace Hopper').first().waitFor();
    });

    // client-side navigation from here on, the way people move through the console
    await page.locator(`tr[data-instance-id="${qr}"] a`).click();
    await shootAll(page, 'instance-qr', async () => {
      // keep a live code on screen: restart if the codes ran out meanwhile
      if ((await sim().instance(qr))?.status !== 'SCAN_QR_CODE') {
        await admin('mutation ($i: ID!) { restartSession(instanceId: $i) { status } }', {
          i: qr,
        });
      }
      await waitForStatus(page, 'SCAN_QR_CODE');
      await page.getByRole('img', { name: 'QR code' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Support desk' }).waitFor();
    });

    await page.getByRole('link', { name: '← Instances' }).click();
    await page.locator(`tr[data-instance-id="${working}"] a`).click();
    await shootAll(page, 'instance-working', async () => {
      await waitForStatus(page, 'WORKING');
      await page.locator('.account-name').filter({ hasText: 'Grace Hopper' }).waitFor();
      await page.getByRole('heading', { level: 1, name: 'Sales line' }).waitFor();
    });

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Tenants & keys' })
      .click();
    await shootAll(page, 'tenants', async () => {
      const card = page.getByRole('article', { name: 'Acme Logistics' });
      await card.locator('.chips li').first().waitFor();
      await card.locator('.keys li').first().waitFor();
    });

    // the theme picker overrides the system preference both ways; "System theme" follows it again
    const picker = page.getByLabel('Theme');
    await page.emulateMedia({ colorScheme: 'light' });
    await picker.selectOption('dark');
    await expectTheme(page, 'dark');
    await page.emulateMedia({ colorScheme: 'dark' });
    await picker.selectOption('light');
    await expectTheme(page, 'light');
    await picker.selectOption('system');
    await expectTheme(page, 'dark');
  });

  it('saved every screen in both themes at both widths, and the README set', async () => {
    const screens = ['sign-in', 'fleet', 'instance-qr', 'instance-working', 'tenants'];
    const expected = screens.flatMap((screen) =>
      THEMES.flatMap((theme) =>
        SIZES.map((size) => join(shotsDir, `${screen}-${theme}-${size}.png`)),
      ),
    );
    expect([...saved].sort()).toEqual(expected.sort());

    await mkdir(docsDir, { recursive: true });
    for (const name of DOC_SHOTS) {
      const target = join(docsDir, name);
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      if (process.env.UPDATE_DOC_SCREENSHOTS === '1' || !exists) {
        await copyFile(join(shotsDir, name), target);
      }
      expect((await stat(target)).size).toBeGreaterThan(5_000);
    }
  });
});
