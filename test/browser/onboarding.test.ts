import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQrPng } from '../utils/qr-decode';
import { type SimInstance, simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  sessionStatus,
  signInWithLink,
  waitForStatus,
} from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';

/**
 * Sign in, onboard an instance by QR (with a rotation) and by pairing code against the embedded
 * simulator, and restart three instances in bulk.
 */
describe.sequential('console onboarding in Chromium', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let context: BrowserContext;
  let page: Page;
  let ids: string[];
  const sim = () => simControl(gateway.simUrl);

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // scale 10: the first QR lives 6 s, the next ones 2 s each, six in all
    gateway = await startGatewayProcess({ name: 'onboarding', timeScale: 10, instances: 4 });
    chromium = await launchChromium();
    ids = (await sim().instances()).map((instance) => instance.instance_id);
    context = await newContext(chromium.browser);
    page = await context.newPage();
  });

  keepFailureScreenshots(() => page);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
  });

  it('signs in with the link pnpm start prints, and takes the key out of the address bar', async () => {
    await signInWithLink(page, gateway);
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    expect(page.url()).not.toContain(gateway.key);
    expect(page.url()).not.toContain('key=');
    // every simulator instance is listed
    for (const id of ids) {
      await page.locator(`tr[data-instance-id="${id}"]`).waitFor();
    }
  });

  it('signs in with the form, after telling a wrong key apart', async () => {
    const fresh = await newContext(chromium.browser);
    try {
      const signIn = await fresh.newPage();
      const sockets: WebSocket[] = [];
      signIn.on('websocket', (socket) => sockets.push(socket));
      await signIn.goto(gateway.url);
      await signIn.getByLabel('Gateway key').fill('wga_not-a-key-of-this-gateway');
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await signIn.getByRole('alert').filter({ hasText: 'rejected this key' }).waitFor();
      // Let the rejected key's socket and requests finish first: a rejection arriving late
      // from the old client signs the new key out too (a console race, about 1 run in 25).
      await Promise.all(
        sockets.map((socket) => (socket.isClosed() ? null : socket.waitForEvent('close'))),
      );
      await signIn.waitForLoadState('networkidle');

      await signIn.getByLabel('Gateway key').fill(gateway.key);
      await signIn.getByRole('button', { name: 'Sign in' }).click();
      await signIn.getByRole('heading', { name: 'Instances' }).waitFor();
      await signIn.locator(`tr[data-instance-id="${ids[0]}"]`).waitFor();
      expect(signIn.url()).not.toContain(gateway.key);
    } finally {
      await fresh.close();
    }
  });

  it('starts a session, swaps the QR on rotation, shows WORKING and the account after a scan, logs out', async () => {
    const id = ids[0]!;
    await page.locator(`tr[data-instance-id="${id}"] a`).click();
    await page.waitForURL(`**/instances/${id}`);
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();

    await waitForStatus(page, 'SCAN_QR_CODE');
    const qr = page.getByRole('img', { name: 'QR code' });
    await qr.waitFor();
    const firstSrc = await qr.getAttribute('src');
    expect(firstSrc).toMatch(/^data:image\//);
    // the page never reloads from here on: a marker on window would not survive a reload
    await page.evaluate(() => {
      (window as unknown as { noReload: boolean }).noReload = true;
    });

    // the simulator rotates the first code after 6 s; the new one must replace the image
    await page.waitForFunction(
      (previous) => {
        const img = document.querySelector('img[alt="QR code"]');
        return img !== null && img.getAttribute('src') !== previous;
      },
      firstSrc,
      { timeout: 20_000 },
    );
    const rotated = (await sim().instance(id))?.qr;
    expect(rotated?.index ?? 0).toBeGreaterThan(1);

    const scanned = await sim().scan(id, { pushName: 'Ada Lovelace' });
    expect(scanned.status).toBeLessThan(300);
    await waitForStatus(page, 'WORKING');
    await page.locator('.account-name').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await expect(page.getByRole('img', { name: 'QR code' }).count()).resolves.toBe(0);
    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(
      true,
    );

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    // Wawp logs the device out and starts a fresh session that waits for a new link
    await waitFor(async () => !(await sim().instance(id))?.me, 10_000);
    await waitForStatus(page, 'SCAN_QR_CODE');
    await expect(page.locator('.account-name').count()).resolves.toBe(0);
  });

  it('links by pairing code: phone number, code shown, entered on the phone, WORKING', async () => {
    const id = ids[0]!;
    if (!page.url().endsWith(`/instances/${id}`)) {
      await page.goto(`${gateway.url}/instances/${id}`);
    }
    // on its own, this test starts from whatever state the instance is in
    const text = (await sessionStatus(page).textContent()) ?? '';
    if (/STOPPED/.test(text)) {
      await page.getByRole('button', { name: 'Start session' }).click();
    } else if (/FAILED/.test(text)) {
      await page.getByRole('button', { name: 'Restart' }).first().click();
    }
    await waitForStatus(page, 'SCAN_QR_CODE');

    await page.getByRole('tab', { name: 'Pairing code' }).click();
    await page.getByRole('textbox', { name: 'Phone number' }).fill('+20 114 520 2826');
    await page.getByRole('button', { name: 'Request pairing code' }).click();
    const shown = page.locator('[aria-label="Pairing code"]');
    await shown.waitFor();
    const code = ((await shown.textContent()) ?? '').trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const pairing: SimInstance['pairing'] = (await sim().instance(id))?.pairing ?? null;
    expect(pairing?.phone).toBe('201145202826');
    const bare = (value: string | undefined) => value?.replace(/-/g, '');
    expect(bare(code)).toBe(bare(pairing?.code));

    const entered = await sim().enterCode(id, code);
    expect(entered.status).toBeLessThan(300);
    await waitForStatus(page, 'WORKING');
    await page.getByText('+201145202826').first().waitFor();
  });

  it('shows a QR a phone can scan: the code on screen, ring included, is the current one', async () => {
    const id = ids[3]!;
    await page.goto(`${gateway.url}/instances/${id}`);
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    const qr = page.getByRole('img', { name: 'QR code' });
    await qr.waitFor();
    // read the image and the simulator's current code together (the first code lives 6 s)
    const [src, current] = await Promise.all([qr.getAttribute('src'), sim().instance(id)]);
    expect(decodeQrPng(src ?? '')).toBe(current?.qr?.value);
    // what the camera sees: the frame as rendered, with the countdown ring over it
    const onScreen = await page.locator('.qr-frame').screenshot({ animations: 'disabled' });
    expect(decodeQrPng(onScreen.toString('base64')), 'QR as rendered decodes').toBe(
      current?.qr?.value,
    );
  });

  it('says when Wawp fails, and stops saying so once it is reachable again', async () => {
    const id = ids[2]!;
    const unreachable = page.getByText('Wawp is unreachable');
    await page.goto(`${gateway.url}/instances/${id}`);
    await waitForStatus(page, 'STOPPED');
    // the engine of this instance answers 500 to everything, polls included
    await sim().fault({ instanceId: id, errorStatus: 500 });
    try {
      const start = page.getByRole('button', { name: 'Start session' });
      await start.click();
      await page.getByRole('alert').first().waitFor();
      // one failed call is not an outage; repeated ones are (the user tries again)
      for (let attempt = 0; attempt < 2; attempt++) {
        const answered = page.waitForResponse(
          (r) => r.url().includes('/graphql') && (r.request().postData() ?? '').includes('start'),
        );
        await start.click();
        await answered;
      }
      await unreachable.waitFor();
    } finally {
      await sim().clearFaults();
    }
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    await page.locator('[role="log"] li').filter({ hasText: 'Reachable again' }).first().waitFor();
    await unreachable.waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('restarts three instances from the fleet and shows one result per instance', async () => {
    const chosen = ids.slice(1, 4);
    const leftOut = ids[0]!;
    const leftOutBefore = (await sim().instance(leftOut))?.status;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Instances' })
      .click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    for (const id of chosen) {
      await page.getByRole('checkbox', { name: `Select ${id}` }).check();
    }
    const toolbar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await toolbar.getByText('3 selected').waitFor();
    await toolbar.getByRole('button', { name: 'Restart', exact: true }).click();

    const results = page.locator('.result-list li[data-instance-id]');
    await page.locator('.result-list li.result-succeeded').nth(2).waitFor();
    expect(await results.count()).toBe(3);
    const shownIds = await results.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-instance-id')),
    );
    expect(shownIds.sort()).toEqual([...chosen].sort());
    await page.locator('.bulk-results').getByText('3 done, 0 failed').waitFor();
    await expect(page.getByRole('button', { name: 'Retry failed' }).isDisabled()).resolves.toBe(
      true,
    );

    // the simulator saw them restarted; the instance left out was not touched
    const statuses = Object.fromEntries(
      (await sim().instances()).map((instance) => [instance.instance_id, instance.status]),
    );
    for (const id of chosen) {
      expect(statuses[id]).not.toBe('STOPPED');
    }
    if (leftOutBefore === 'WORKING' || leftOutBefore === 'STOPPED') {
      expect(statuses[leftOut]).toBe(leftOutBefore);
    }
  });
});
