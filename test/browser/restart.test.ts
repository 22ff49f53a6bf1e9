import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
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
import { replayEvents } from './support/history';
import { recordTraffic, type TrafficRecorder } from './support/traffic';

/** A graphql-ws message, as much of it as these checks read. */
interface WsMessage {
  type: string;
  payload?: {
    data?: { sessionEvents?: { cursor?: string } };
    variables?: { instanceId?: string; after?: string | null };
  };
}

/** The timeline's cursors, oldest first (the list shows newest first). */
const timelineCursors = async (page: Page) =>
  (
    await page
      .locator('[role="log"] li[data-cursor]')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-cursor') ?? ''))
  ).reverse();

const expectStrictlyIncreasing = (cursors: string[]) => {
  expect(
    cursors.every((cursor) => /^\d+$/.test(cursor)),
    `numeric cursors ${cursors}`,
  ).toBe(true);
  expect(new Set(cursors).size, `unique cursors ${cursors}`).toBe(cursors.length);
  for (let i = 1; i < cursors.length; i++) {
    expect(
      BigInt(cursors[i]!) > BigInt(cursors[i - 1]!),
      `cursor ${cursors[i]} after ${cursors[i - 1]}`,
    ).toBe(true);
  }
};

/**
 * The gateway is stopped (SIGTERM) and started again with the same environment and DATA_DIR
 * while the instance page is open. The indicator goes reconnecting, then live; the timeline
 * resumes by cursor with no gap and no duplicate.
 */
describe.sequential('gateway restart under an open instance page', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let page: Page;
  let traffic: TrafficRecorder;
  let id: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // a configured key: a generated one would change with the restart and sign the page out
    const key = `wga_${randomBytes(24).toString('base64url')}`;
    gateway = await startGatewayProcess({
      name: 'restart',
      timeScale: 10,
      instances: 1,
      env: { GATEWAY_ADMIN_KEY: key },
    });
    chromium = await launchChromium();
    id = (await simControl(gateway.simUrl).instances())[0]!.instance_id;
    const context = await newContext(chromium.browser);
    traffic = recordTraffic(context);
    page = await context.newPage();
  });

  keepFailureScreenshots(() => page);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
  });

  it('shows reconnecting, then live, and resumes the timeline without gap or duplicate', async () => {
    await signInWithLink(page, gateway, `/instances/${id}`);
    await waitForConnection(page, 'live');
    await waitForStatus(page, 'STOPPED');
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    await page.waitForFunction(
      () => document.querySelectorAll('[role="log"] li[data-cursor]').length >= 3,
    );
    const before = await timelineCursors(page);
    expectStrictlyIncreasing(before);
    // recovery happens in place: a marker on window would not survive a reload
    await page.evaluate(() => {
      (window as unknown as { noReload: boolean }).noReload = true;
    });

    const cut = traffic.items.length;
    await gateway.stop();
    await waitForConnection(page, 'reconnecting', 10_000);

    await gateway.restart();
    // graphql-ws backs off 1, 2, 4, 8 s (plus jitter) between attempts
    await waitForConnection(page, 'live', 45_000);

    // the restarted simulator forgot the session: the page follows it to STOPPED on its own,
    // then a new start adds events after the reconnect
    await waitForStatus(page, 'STOPPED', 30_000);
    await page.getByRole('button', { name: 'Start session' }).click();
    await waitForStatus(page, 'SCAN_QR_CODE');
    await page.waitForFunction(
      (count) => document.querySelectorAll('[role="log"] li[data-cursor]').length >= count + 2,
      before.length,
    );

    expect(await page.evaluate(() => (window as unknown as { noReload?: boolean }).noReload)).toBe(
      true,
    );
    const after = await timelineCursors(page);
    expectStrictlyIncreasing(after);
    // nothing seen before the restart went missing from the timeline
    expect(after.slice(0, before.length)).toEqual(before);

    // the page resubscribed from the last cursor it had received, not from scratch
    const messages = traffic.items.map((item, index) => ({
      index,
      kind: item.kind,
      message:
        item.kind === 'ws-sent' || item.kind === 'ws-received'
          ? (JSON.parse(item.text) as WsMessage)
          : null,
    }));
    const resubscribe = messages.find(
      ({ index, kind, message }) =>
        index >= cut &&
        kind === 'ws-sent' &&
        message?.type === 'subscribe' &&
        message.payload?.variables?.instanceId === id,
    );
    expect(resubscribe, 'a new subscribe after the restart').toBeDefined();
    const lastReceived = messages
      .filter(({ index, kind }) => kind === 'ws-received' && index < (resubscribe?.index ?? 0))
      .map(({ message }) => message?.payload?.data?.sessionEvents?.cursor)
      .filter((cursor): cursor is string => typeof cursor === 'string')
      .at(-1);
    expect(BigInt(lastReceived ?? -1) >= BigInt(before.at(-1)!)).toBe(true);
    expect(resubscribe?.message?.payload?.variables?.after).toBe(lastReceived);

    // no gap: the gateway's own log of this instance, from the first entry shown to the last,
    // is exactly what the timeline shows
    const logged = await replayEvents({
      url: gateway.url,
      key: gateway.key,
      instanceId: id,
      after: after[0]!,
      until: after.at(-1)!,
    });
    const loggedCursors = logged
      .map((event) => event.cursor)
      .filter(
        (cursor) => BigInt(cursor) > BigInt(after[0]!) && BigInt(cursor) <= BigInt(after.at(-1)!),
      );
    expect(after.slice(1)).toEqual(loggedCursors);
  });
});
