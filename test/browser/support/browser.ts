import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { afterEach } from 'vitest';
import type { GatewayProcess } from './gateway-process';
import { artifactsDir } from './paths';

/** A launched Chromium plus the scratch directory its profile writes into. */
export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Debian Chromium (`CHROMIUM_PATH`, else `/usr/bin/chromium`), headless, with the flags a
 * container needs (no sandbox, no GPU, no QUIC, no background network) and no `--user-data-dir`.
 */
export async function launchChromium(): Promise<Chromium> {
  // Chromium writes crash reports and dconf under XDG dirs even with a temporary profile
  const scratch = await mkdtemp(join(tmpdir(), 'wawp-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, XDG_CONFIG_HOME: scratch, XDG_CACHE_HOME: scratch },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** The desktop and phone viewports the browser tests use. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/** A fresh context (own sessionStorage) with the timeouts these tests use. */
export async function newContext(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, ...options });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Opens the link `pnpm start` prints (`/#key=…`) and waits for the fleet screen. */
export async function signInWithLink(page: Page, gateway: GatewayProcess, path = '/') {
  await page.goto(`${gateway.url}${path}#key=${encodeURIComponent(gateway.key)}`);
  await page.locator('header.top').waitFor();
}

/** The one `role="status"` element of the instance screen. */
export const sessionStatus = (page: Page): Locator => page.getByRole('status');

/** Waits until the instance screen's status reads `status`. */
export async function waitForStatus(page: Page, status: string, timeout = 20_000) {
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`\\b${status}\\b`) })
    .waitFor({ timeout });
}

/** The connection indicator's state: `live`, `reconnecting`, … */
export const connectionState = (page: Page) =>
  page.locator('.connection[data-state]').getAttribute('data-state');

/** Waits until the connection indicator shows `state`. */
export async function waitForConnection(page: Page, state: string, timeout = 20_000) {
  await page.locator(`.connection[data-state="${state}"]`).waitFor({ timeout });
}

/**
 * After each failed test of the file, saves what `page()` shows under
 * `test/artifacts/failures/`, named after the test.
 */
export function keepFailureScreenshots(page: () => Page | undefined) {
  afterEach(async (context) => {
    const current = page();
    if (context.task.result?.state !== 'fail' || !current || current.isClosed()) {
      return;
    }
    const dir = join(artifactsDir, 'failures');
    await mkdir(dir, { recursive: true });
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
    await current
      .screenshot({ path: join(dir, `${name}.png`), fullPage: true })
      .catch(() => undefined);
  });
}
