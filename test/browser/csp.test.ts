import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simControl } from '../utils/simulator-control';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  signInWithLink,
  waitForConnection,
  waitForStatus,
} from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { consoleDist } from './support/paths';

/** What one page reported: CSP violations (events and console lines) and blocked requests. */
interface Watch {
  violations(): Promise<string[]>;
  consoleErrors: string[];
  offLoopback: string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Blocks, and records, every request of `context` to a host other than loopback (there must be
 * none: no CDN, no font service), and collects every `securitypolicyviolation` of its pages and
 * every console message about the Content Security Policy.
 */
async function watchContext(context: BrowserContext): Promise<Watch> {
  const offLoopback: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      offLoopback.push(url.href);
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI} (${event.sample})`);
    });
  });
  const consoleErrors: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) {
      consoleErrors.push(message.text().slice(0, 400));
    }
  };
  const watchPage = (page: Page) => {
    page.on('console', onConsole);
    page.on('websocket', (socket) => {
      const url = new URL(socket.url());
      if (!LOOPBACK.has(url.hostname)) {
        offLoopback.push(url.href);
      }
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return {
    offLoopback,
    consoleErrors,
    async violations() {
      const all: string[] = [];
      for (const page of context.pages()) {
        all.push(
          ...(await page
            .evaluate(
              () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
            )
            .catch(() => [])),
        );
      }
      return all;
    },
  };
}

/** The document's security headers, as the browser received them. */
function expectDocumentHeaders(response: Response | null) {
  expect(response, 'the document response').not.toBeNull();
  const headers = response?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '(none)';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/https?:/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  return csp;
}

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
 * The console and GraphiQL work under the gateway's Content-Security-Policy: Chromium loads them
 * with every non-loopback request blocked (and none attempted), and reports no violation.
 */
describe.sequential('Content-Security-Policy in Chromium', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let page: Page | undefined;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // NODE_ENV=development: the same gateway serves GraphiQL
    gateway = await startGatewayProcess({
      name: 'csp',
      timeScale: 10,
      instances: 1,
      env: { NODE_ENV: 'development' },
    });
    chromium = await launchChromium();
  });

  keepFailureScreenshots(() => page);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
  });

  it('the built console has no inline script, <style> or style attribute', async () => {
    const html = await readFile(join(consoleDist, 'index.html'), 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
      expect(tag, 'every script is a file').toMatch(/\ssrc=/);
    }
    expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/i);
    for (const file of (await filesUnder(consoleDist)).filter((f) => /\.(html|js)$/.test(f))) {
      const text = await readFile(file, 'utf8');
      expect(text, file).not.toMatch(/<style[\s>]/i);
      expect(text, file).not.toMatch(/<[a-z][^<>]*\sstyle=["']/i);
    }
  });

  it('the console: sign-in, fleet, live socket, a QR (data: image), the key-switch dialog', async () => {
    const context = await newContext(chromium.browser);
    const watch = await watchContext(context);
    page = await context.newPage();
    const documents: (Response | null)[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'document') {
        documents.push(response);
      }
    });

    await signInWithLink(page, gateway);
    expect(documents.length).toBeGreaterThan(0);
    expectDocumentHeaders(documents[0] ?? null);
    await waitForConnection(page, 'live');

    const id = (await simControl(gateway.simUrl).instances())[0]!.instance_id;
    await page.locator(`tr[data-instance-id="${id}"] a`).click();
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    const qr = page.getByRole('img', { name: 'QR code' });
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as HTMLImageElement).complete)).toBe(true);
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // a link with another key, opened in this tab: the console asks first
    await page.evaluate(() => {
      window.location.hash = '#key=wga_anotherKey0123456789abcdefghij';
    });
    const dialog = page.getByRole('alertdialog', { name: 'Switch to another key?' });
    await dialog.waitFor();
    expect(await dialog.evaluate((el) => getComputedStyle(el.parentElement!).position)).toBe(
      'fixed',
    );
    await page.getByRole('button', { name: 'Keep current key' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForStatus(page, 'SCAN_QR_CODE');
    expect(page.url()).not.toContain('#key=');

    expect(await watch.violations()).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.offLoopback).toEqual([]);
    await context.close();
  });

  it('GraphiQL: rendered from the gateway, its editor appears, no violation, no CDN', async () => {
    const context = await newContext(chromium.browser);
    const watch = await watchContext(context);
    page = await context.newPage();
    const response = await page.goto(`${gateway.url}/graphql`);
    const csp = expectDocumentHeaders(response);
    expect(csp).toMatch(/script-src 'sha256-/);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    await page
      .locator('.graphiql-query-editor .monaco-editor')
      .first()
      .waitFor({ timeout: 30_000 });
    // its schema loads over fetch from the same origin (connect-src 'self')
    await page.waitForTimeout(1_000);

    expect(await watch.violations()).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.offLoopback).toEqual([]);
    await context.close();
  });
});
