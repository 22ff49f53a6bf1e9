/**
 * The relink story an integrator is told about, end to end with a real browser: the phone is
 * linked (the receiver gets `session.linked`), then unlinked on the phone (simulator `unlink`);
 * the receiver gets `session.needs_link` carrying a fresh connect link; the end user opens that
 * link in a phone-sized Chromium, the page shows a QR (starting the session itself), the phone
 * scans it, the page says "Connected as …", and the receiver gets a second `session.linked` for
 * the same instance and `externalRef`, under a webhook-id of its own. Every notification is
 * verified with the endpoint's secret, as a Standard Webhooks receiver would; the link token
 * never shows up in the gateway's log.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql } from '../utils/graphql-http';
import { simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import { type Received, type Receiver, startReceiver } from '../utils/webhook-receiver';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  VIEWPORTS,
} from './support/browser';
import { type ConnectTenant, createBrandedTenant } from './support/connect';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';

const EXTERNAL_REF = 'crm-user-4711';
const PUSH_NAME = 'Grace Hopper';

describe.sequential('a lost link, told to the integrator and mended in the browser', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let receiver: Receiver;
  let tenant: ConnectTenant;
  let instanceId: string;
  let secret: string;
  let current: Page | undefined;
  const sim = () => simControl(gateway.simUrl);

  /** The first notification of `type` about the instance from the `from`-th POST on. */
  const notified = (type: string, from = 0, timeoutMs = 15_000) =>
    waitFor(
      () =>
        receiver.received
          .slice(from)
          .find((m) => m.json?.type === type && m.json.data?.instanceId === instanceId),
      timeoutMs,
      50,
    );

  beforeAll(async () => {
    await ensureConsoleBuilt();
    receiver = await startReceiver();
    // scale 5: boot 0.6 s, the first QR lives 12 s (long enough for the page to show it)
    gateway = await startGatewayProcess({
      name: 'notification-relink',
      timeScale: 5,
      instances: 1,
      env: { GATEWAY_ALLOW_HTTP_NOTIFICATIONS: '1' },
    });
    chromium = await launchChromium();
    instanceId = (await sim().instances())[0]?.instance_id ?? '';
    expect(instanceId).not.toBe('');
    tenant = await createBrandedTenant(gateway, {
      name: 'Acme',
      instanceIds: [instanceId],
      branding: { displayName: 'Acme Support' },
    });
    // the integrator's own id for the instance, which every notification carries back
    dataOf(
      await gql(
        gateway.url,
        gateway.key,
        'mutation($i: ID!, $t: ID, $r: String) { registerInstance(instanceId: $i, tenantId: $t, externalRef: $r) { instanceId } }',
        { i: instanceId, t: tenant.tenantId, r: EXTERNAL_REF },
      ),
    );
    const made = dataOf(
      await gql<{ createNotificationEndpoint: { secret: string; endpoint: { id: string } } }>(
        gateway.url,
        tenant.tenantKey,
        `mutation($t: ID!, $input: NotificationEndpointInput!) {
          createNotificationEndpoint(tenantId: $t, input: $input) { secret endpoint { id } }
        }`,
        {
          t: tenant.tenantId,
          input: { url: receiver.url, kinds: ['SESSION_NEEDS_LINK', 'SESSION_LINKED'] },
        },
      ),
    );
    secret = made.createNotificationEndpoint.secret;
    expect(secret).toMatch(/^whsec_/);
  }, 90_000);

  keepFailureScreenshots(() => current);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
    await receiver?.close();
  });

  let firstLinked: Received;
  let connectLink: { url: string; expiresAt: string };

  it('links the phone (session.linked), then tells the unlink with a connect link', async () => {
    dataOf(
      await gql(
        gateway.url,
        tenant.tenantKey,
        'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
        { id: instanceId },
      ),
    );
    await waitFor(
      async () => (await sim().instance(instanceId))?.status === 'SCAN_QR_CODE',
      15_000,
    );
    expect((await sim().scan(instanceId)).status).toBe(200);
    firstLinked = await notified('session.linked');
    expect(receiver.verifies(firstLinked, secret)).toBe(true);
    expect(firstLinked.json?.data).toMatchObject({
      instanceId,
      externalRef: EXTERNAL_REF,
      tenantId: tenant.tenantId,
    });

    const before = receiver.received.length;
    expect((await sim().unlink(instanceId)).status).toBe(200);
    const needs = await notified('session.needs_link', before);
    expect(receiver.verifies(needs, secret)).toBe(true);
    expect(receiver.verifies(needs, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(needs.json?.data).toMatchObject({
      instanceId,
      externalRef: EXTERNAL_REF,
      tenantId: tenant.tenantId,
      reason: 'DEVICE_UNLINKED',
    });
    connectLink = needs.json?.data?.connectLink as typeof connectLink;
    expect(connectLink?.url.startsWith(`${gateway.url}/connect/wcl_`)).toBe(true);
    const expiresAt = Date.parse(connectLink.expiresAt);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(needs.headers['webhook-id']).not.toBe(firstLinked.headers['webhook-id']);
  }, 40_000);

  it('opens the link on a phone, links by QR, and the receiver hears session.linked again', async () => {
    const context = await newContext(chromium.browser, {
      viewport: VIEWPORTS.phone,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const page = await context.newPage();
      current = page;
      const before = receiver.received.length;
      await page.goto(connectLink.url);
      // the session ended in FAILED: the page starts it by itself and shows the code
      await page.locator('img[alt="QR code"]').waitFor({ timeout: 20_000 });
      await expect
        .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
        .toBe('Scan the QR code with WhatsApp');
      expect((await sim().instance(instanceId))?.status).toBe('SCAN_QR_CODE');
      expect((await sim().scan(instanceId, { pushName: PUSH_NAME })).status).toBe(200);
      await page
        .getByRole('status')
        .filter({ hasText: `Connected as ${PUSH_NAME}` })
        .waitFor({ timeout: 15_000 });

      const relinked = await notified('session.linked', before);
      expect(receiver.verifies(relinked, secret)).toBe(true);
      expect(relinked.json?.data).toMatchObject({
        instanceId,
        externalRef: EXTERNAL_REF,
        tenantId: tenant.tenantId,
      });
      expect(relinked.headers['webhook-id']).toMatch(/\S/);
      expect(relinked.headers['webhook-id']).not.toBe(firstLinked.headers['webhook-id']);
      // two linkings, two session.linked, each under one webhook-id
      const linkedIds = new Set(
        receiver.received
          .filter(
            (m) => m.json?.type === 'session.linked' && m.json.data?.instanceId === instanceId,
          )
          .map((m) => m.headers['webhook-id']),
      );
      expect(linkedIds.size).toBe(2);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('keeps the link token out of the gateway log', () => {
    const token = connectLink.url.split('/').at(-1) ?? '';
    expect(token).toMatch(/^wcl_/);
    expect(gateway.output()).not.toContain(token);
    expect(gateway.output()).not.toContain(secret);
  });
});
