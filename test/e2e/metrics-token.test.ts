/** `GATEWAY_METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { type HardenedGateway, startHardenedGateway } from './hardening-support';

const TOKEN = 'scrape-token-0123456789abcdef';
const leftovers = createLeftovers();
let guarded: HardenedGateway;
let open: HardenedGateway;

beforeAll(async () => {
  guarded = leftovers.add(
    await startHardenedGateway({ config: { metricsToken: TOKEN } }),
    (gateway) => gateway.stop(),
  );
  open = leftovers.add(await startHardenedGateway(), (gateway) => gateway.stop());
});

afterAll(() => leftovers.disposeAll());

const scrape = (url: string, authorization?: string) =>
  fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });

describe('/metrics with GATEWAY_METRICS_TOKEN', () => {
  it('refuses a scrape without the token, or with another one, with 401 and no metrics', async () => {
    for (const authorization of [
      undefined,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}0`,
      `Basic ${TOKEN}`,
      TOKEN,
      `Bearer ${guarded.adminKey}`,
    ]) {
      const response = await scrape(guarded.url, authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      const text = await response.text();
      expect(text).not.toContain('wawp_');
      expect(text).not.toContain(TOKEN);
    }
  });

  it('answers the token', async () => {
    const response = await scrape(guarded.url, `Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/wawp_ws_connections \d+/);
  });

  it('without a token configured, stays open (as before)', async () => {
    const response = await scrape(open.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/wawp_ws_connections \d+/);
  });
});
