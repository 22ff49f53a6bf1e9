import { createWawpClient, type WawpRequestEvent } from '@wawp-gateway/gateway/wawp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { startRecordingProxy } from './http-servers';
import { startSimulator } from './sim-harness';

const leftovers = createLeftovers();
afterAll(() => leftovers.disposeAll());

const TOKEN = 'contract-secret-Tk9xQ7';

describe('the access token on the simulator side', () => {
  it('is never in a URL, the request log, the simulator logs, events or error messages', async () => {
    const logs: string[] = [];
    const logger = {
      info: (obj: object, msg?: string) => logs.push(JSON.stringify([obj, msg])),
      warn: (obj: object, msg?: string) => logs.push(JSON.stringify([obj, msg])),
    };
    const sim = await startSimulator(leftovers, { accessToken: TOKEN, logger, instances: 2 });
    const proxy = await startRecordingProxy(leftovers, sim.url);
    const events: WawpRequestEvent[] = [];
    const client = createWawpClient({
      baseUrl: proxy.url,
      accessToken: TOKEN,
      retry: { maxAttempts: 1 },
      onRequest: (e) => events.push(e),
    });
    const [id, other] = sim.ids as [string, string];
    const errors: unknown[] = [];
    const attempt = (p: Promise<unknown>) => p.catch((e: unknown) => errors.push(e));

    // Every route, in and out of the right status, plus the failure paths.
    await attempt(client.getQr(id));
    await attempt(client.requestCode(id, '201145202826'));
    await attempt(client.startSession(id));
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    for (const call of [
      () => client.getSessionInfo(id),
      () => client.getMe(id),
      () => client.getQr(id),
      () => client.getQrImage(id),
      () => client.requestCode(id, '201145202826'),
      () => client.getScreenshot(id),
      () =>
        client.setWebhooks(id, [{ url: 'http://127.0.0.1:9/h', events: ['*'], isActive: true }]),
      () => client.getWebhooks(id),
      () => client.setWebhook(id, { url: 'http://127.0.0.1:9/p', events: ['*'], hmac: 'h' }),
      () => client.updateWebhook(id, { url: 'http://127.0.0.1:9/p', isActive: false }),
      () => client.updateWebhook(id, { url: 'http://127.0.0.1:9/none', isActive: false }),
      () => client.deleteWebhook(id, 'http://127.0.0.1:9/p'),
      () => client.stopSession(id),
      () => client.restartSession(id),
      () => client.logoutSession(id),
      () => client.getSessionInfo('NOSUCHINST00'),
      () => client.createSession(),
    ]) {
      await attempt(call());
    }
    for (const fault of [
      { errorStatus: 503 },
      { reset: true },
      { malformedJson: true },
      { rateLimit: true },
    ]) {
      await sim.fault({ instanceId: other, ...fault, times: 1 });
      await attempt(client.getSessionInfo(other));
    }
    await attempt(client.deleteSession(other));
    await attempt(
      createWawpClient({ baseUrl: proxy.url, accessToken: `${TOKEN}-wrong` }).getMe(id),
    );

    expect(proxy.seen.length).toBeGreaterThan(20);
    for (const request of proxy.seen) {
      expect(request.url).not.toContain(TOKEN);
      expect(decodeURIComponent(request.url)).not.toContain(TOKEN);
    }
    const log = await sim.requests();
    expect(log.length).toBe(proxy.seen.length);
    expect(JSON.stringify(log)).not.toContain(TOKEN);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
    expect(errors.length).toBeGreaterThanOrEqual(8);
    for (const error of errors) {
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });
});
