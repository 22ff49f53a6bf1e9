/**
 * The console's Notifications page in Chromium, against the real gateway process: the admin opens
 * a tenant's page from its card, adds an endpoint pointing at a loopback receiver, sees and copies
 * its signing secret once (the receiver verifies deliveries with it), sends a test that the log
 * shows DELIVERED, redelivers it (same `webhook-id`), disables and enables the endpoint; an
 * endpoint whose receiver answers 410 Gone shows the gateway's notice; a tenant key finds its
 * own page in the navigation.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, gql } from '../utils/graphql-http';
import { waitFor } from '../utils/wait';
import { type Receiver, startReceiver } from '../utils/webhook-receiver';
import {
  type Chromium,
  keepFailureScreenshots,
  launchChromium,
  newContext,
  signInWithLink,
} from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { type GatewayProcess, startGatewayProcess } from './support/gateway-process';

const TENANT = 'Acme Notifications';

describe.sequential('the Notifications page of the console', () => {
  let gateway: GatewayProcess;
  let chromium: Chromium;
  let context: BrowserContext;
  let page: Page;
  let receiver: Receiver;
  let gone: Receiver;
  let tenantId: string;
  let secret = '';

  const admin = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await gql<T>(gateway.url, gateway.key, query, variables));
  /** The card of the endpoint that POSTs to `url`. */
  const card = (url: string): Locator => page.getByRole('article', { name: url });
  /** The newest row of a card's delivery log. */
  const newestRow = (endpoint: Locator) => endpoint.locator('tr[data-delivery-id]').first();

  /** Fills the create form with `url` (default kinds) and submits it. */
  const createEndpoint = async (url: string) => {
    const form = page.getByRole('region', { name: 'New endpoint' });
    await form.getByLabel('URL').fill(url);
    await form.getByRole('button', { name: 'Create endpoint' }).click();
    return form;
  };

  beforeAll(async () => {
    await ensureConsoleBuilt();
    // Chromium and the receivers start while the gateway boots; afterAll closes what started
    const launching = launchChromium();
    const receivers = Promise.all([startReceiver(), startReceiver()]);
    try {
      gateway = await startGatewayProcess({
        name: 'notifications-console',
        instances: 1,
        env: { GATEWAY_ALLOW_HTTP_NOTIFICATIONS: '1' },
      });
    } finally {
      chromium = await launching;
      [receiver, gone] = await receivers;
    }
    const { createTenant } = await admin<{ createTenant: { id: string } }>(
      'mutation($n: String!) { createTenant(name: $n) { id } }',
      { n: TENANT },
    );
    tenantId = createTenant.id;
    context = await newContext(chromium.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: gateway.url,
    });
    page = await context.newPage();
  });

  keepFailureScreenshots(() => page);

  afterAll(async () => {
    await chromium?.close();
    await gateway?.dispose();
    await receiver?.close();
    await gone?.close();
  });

  it('opens from the tenant card, creates an endpoint and shows its secret once', async () => {
    await signInWithLink(page, gateway, '/tenants');
    await page.getByRole('link', { name: `Notifications of ${TENANT}` }).click();
    await page.waitForURL(`**/tenants/${tenantId}/notifications`);
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await page.getByText('No endpoints yet').waitFor();

    const form = await createEndpoint(receiver.url);
    const shown = form.getByRole('group', { name: 'Signing secret' });
    secret = ((await shown.locator('code.secret').textContent()) ?? '').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await shown.getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await card(receiver.url).waitFor();
    expect(await card(receiver.url).textContent()).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    expect(stored).not.toContain(secret);
  });

  it('sends a test the log shows DELIVERED, signed with that secret, and redelivers it', async () => {
    const endpoint = card(receiver.url);
    await endpoint.getByRole('button', { name: 'Send test' }).click();
    await endpoint.getByText('Test notification queued').waitFor();
    // no reload: the log refreshes itself
    await newestRow(endpoint)
      .locator('.badge')
      .filter({ hasText: 'DELIVERED' })
      .waitFor({ timeout: 15_000 });
    await endpoint.getByText(/Test delivered: the receiver answered HTTP 200/).waitFor();
    expect(receiver.received).toHaveLength(1);
    const [first] = receiver.received;
    expect(receiver.verifies(first!, secret)).toBe(true);
    expect(receiver.verifies(first!, 'whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==')).toBe(false);
    const deliveryId = await newestRow(endpoint).getAttribute('data-delivery-id');
    expect(first?.headers['webhook-id']).toBe(deliveryId);

    await newestRow(endpoint)
      .getByRole('button', { name: /^Redeliver/ })
      .click();
    await endpoint.getByText('Delivery queued again.').waitFor();
    await waitFor(() => receiver.received.length >= 2, 15_000);
    const again = receiver.received[1]!;
    expect(again.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(receiver.verifies(again, secret)).toBe(true);
    await newestRow(endpoint).locator('.badge').filter({ hasText: 'DELIVERED' }).waitFor();
    expect(await endpoint.locator('tr[data-delivery-id]').count()).toBe(1);
  });

  it('disables and enables the endpoint; the secret is gone once the page is left', async () => {
    const endpoint = card(receiver.url);
    await endpoint.getByRole('button', { name: 'Disable', exact: true }).click();
    await endpoint.locator('.badge.endpoint-off').filter({ hasText: 'Disabled' }).waitFor();
    const listed = await admin<{ notificationEndpoints: { enabled: boolean }[] }>(
      'query($t: ID!) { notificationEndpoints(tenantId: $t) { enabled } }',
      { t: tenantId },
    );
    expect(listed.notificationEndpoints).toEqual([{ enabled: false }]);
    await endpoint.getByRole('button', { name: 'Enable', exact: true }).click();
    await endpoint.locator('.badge.endpoint-on').filter({ hasText: 'Enabled' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Instances' })
      .click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await page.goBack();
    await card(receiver.url).waitFor();
    expect(await page.getByRole('group', { name: 'Signing secret' }).count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(secret);
  });

  it('shows the gateway’s notice on an endpoint whose receiver answered 410 Gone', async () => {
    gone.answer(410);
    await createEndpoint(gone.url);
    const endpoint = card(gone.url);
    await endpoint.waitFor();
    await endpoint.getByRole('button', { name: 'Send test' }).click();
    const notice = endpoint.getByRole('alert').filter({ hasText: 'Disabled by the gateway' });
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toBe(
      'Disabled by the gateway: it answered 410 Gone. Fix the receiver, then enable it again.',
    );
    await newestRow(endpoint).locator('.badge').filter({ hasText: 'FAILED' }).waitFor();
    await endpoint.getByText(/Test failed/).waitFor();
    expect(gone.received).toHaveLength(1);
    // the other endpoint is untouched
    expect(await card(receiver.url).getByRole('alert').count()).toBe(0);
  });

  it('gives a tenant key its own Notifications page in the navigation', async () => {
    const { issueApiKey } = await admin<{ issueApiKey: { key: string } }>(
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
      { t: tenantId },
    );
    const own = await newContext(chromium.browser);
    try {
      const tenantPage = await own.newPage();
      await tenantPage.goto(`${gateway.url}/#key=${encodeURIComponent(issueApiKey.key)}`);
      const nav = tenantPage.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Notifications' }).click();
      await tenantPage.waitForURL(`**/tenants/${tenantId}/notifications`);
      await tenantPage.getByRole('article', { name: receiver.url }).waitFor();
      expect(await nav.getByRole('link', { name: /Tenants/ }).count()).toBe(0);
    } finally {
      await own.close();
    }
  });
});
