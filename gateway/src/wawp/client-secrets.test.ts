import { describe, expect, it } from 'vitest';
import { createFakeFetch, json, networkError } from '../testing/fake-fetch';
import { createWawpClient } from './client';
import { WawpError } from './errors';

const TOKEN = 'tok-secret-123';
const ID = 'A1B2C3D4E5F6';

function setup(handler: () => Response | Error) {
  const fake = createFakeFetch(handler);
  const events: unknown[] = [];
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: TOKEN,
    fetch: fake.fetch,
    retry: { maxAttempts: 1 },
    onRequest: (e) => events.push(e),
  });
  return { ...fake, client, events };
}

describe('the access token', () => {
  it('never puts the token in an error message, whatever the upstream echoes', async () => {
    const echo = `bad access_token=${TOKEN} (${TOKEN})`;
    const answers: Array<() => Response | Error> = [
      () => json(401, { message: echo }),
      () => json(422, { error: echo, status: 'FAILED', expected: ['SCAN_QR_CODE'] }),
      () => json(200, { success: false, message: echo }),
      () => json(200, { code: TOKEN, message: echo }),
      () => new Response(`<p>${echo}</p>`, { status: 200 }),
      () => new Response(echo, { status: 500 }),
      () => networkError('ECONNRESET'),
    ];
    for (const answer of answers) {
      const { client, calls, events } = setup(answer);
      const error = await client.logoutSession(ID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WawpError);
      expect(String((error as Error).message)).not.toContain(TOKEN);
      expect(JSON.stringify(error)).not.toContain(TOKEN);
      expect(calls[0]?.url).not.toContain(TOKEN);
      expect(JSON.stringify(events)).not.toContain(TOKEN);
    }
  });
});
