import { describe, expect, it } from 'vitest';
import { createFakeFetch, type FakeAnswer, json } from '../testing/fake-fetch';
import { createWawpClient } from './client';
import { isLocalRefusal } from './guard';
import type { WawpReadClaims } from './pacing';

const ID = 'A1B2C3D4E5F6';
const session = { instance_id: ID, name: 'wawp-1', status: 'WORKING', config: { webhooks: [] } };
const FLOOR_MS = 60;

/** Claims kept in memory as the store keeps them in Postgres, with a log of what was asked. */
function memoryClaims(options: { failing?: boolean } = {}) {
  const nextAt = new Map<string, number>();
  const log: string[] = [];
  const claims: WawpReadClaims & { log: string[]; takeOver(key: string, ms: number): void } = {
    log,
    async claim(key, holdMs) {
      if (options.failing) {
        throw new Error('database down');
      }
      const wait = (nextAt.get(key) ?? 0) - Date.now();
      if (wait > 0) {
        log.push(`refused ${key}`);
        return wait;
      }
      nextAt.set(key, Date.now() + holdMs);
      log.push(`claimed ${key}`);
      return 0;
    },
    settle(key, floorMs) {
      nextAt.set(key, Date.now() + floorMs);
      log.push(`settled ${key}`);
    },
    /** Another replica holds `key` for `ms`. */
    takeOver(key, ms) {
      nextAt.set(key, Date.now() + ms);
    },
  };
  return claims;
}

function setup(claims: WawpReadClaims, answer: () => FakeAnswer = () => json(200, session)) {
  const fake = createFakeFetch(() => answer());
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: 'tok',
    fetch: fake.fetch,
    concurrency: 1,
    retry: { minDelayMs: 10, maxDelayMs: 10 },
    pacing: { claims, floorMs: FLOOR_MS },
  });
  return { ...fake, client };
}

describe('createWawpClient pacing between replicas', () => {
  it('claims each status and QR read before sending it and settles it after', async () => {
    const claims = memoryClaims();
    const { client, calls } = setup(claims);
    await client.getSessionInfo(ID);
    expect(claims.log).toEqual([`claimed session/info:${ID}`, `settled session/info:${ID}`]);
    expect(calls).toHaveLength(1);
    // reads outside the floor (me, screenshot) and actions are not paced
    await client.getMe(ID);
    await client.stopSession(ID);
    expect(claims.log).toHaveLength(2);
  });

  it('waits out a claim held elsewhere without holding a slot, then sends', async () => {
    const claims = memoryClaims();
    const { client, calls } = setup(claims);
    claims.takeOver(`session/info:${ID}`, 150);
    const started = Date.now();
    const paced = client.getSessionInfo(ID);
    // concurrency 1: an unpaced call still gets through while the paced one waits
    await client.getMe(ID);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/v2/session/me']);
    await paced;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/v2/session/me',
      '/v2/session/info',
    ]);
    expect(claims.log.filter((line) => line.startsWith('refused')).length).toBeGreaterThan(0);
  });

  it('settles a claim whose read failed, so the floor counts from its end', async () => {
    const claims = memoryClaims();
    const { client } = setup(claims, () => json(404, { code: 'invalid_instance' }));
    await expect(client.getSessionInfo(ID)).rejects.toMatchObject({ kind: 'not_found' });
    expect(claims.log).toEqual([`claimed session/info:${ID}`, `settled session/info:${ID}`]);
  });

  it('gives up with a local refusal when the key stays claimed elsewhere', async () => {
    const claims = memoryClaims();
    const { client, calls } = setup(claims);
    claims.takeOver(`auth/qr:${ID}`, 60_000);
    const error = await client.getQr(ID).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'paced', route: 'auth/qr' });
    expect(isLocalRefusal(error)).toBe(true);
    expect(calls).toHaveLength(0);
  });

  it('refuses the read, without sending it, when claims cannot be made', async () => {
    const { client, calls } = setup(memoryClaims({ failing: true }));
    const error = await client.getSessionInfo(ID).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pacing_failed' });
    expect(isLocalRefusal(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain('database down');
    expect(calls).toHaveLength(0);
  });

  it("refuses at once, without waiting, a caller that can use the other replica's answer", async () => {
    const claims = memoryClaims();
    const { client, calls } = setup(claims);
    claims.takeOver(`session/info:${ID}`, 10_000);
    const started = Date.now();
    const error = await client
      .getSessionInfo(ID, { claimedElsewhere: 'refuse' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'claimed_elsewhere' });
    expect(isLocalRefusal(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toHaveLength(0);
  });

  it('stops waiting when the caller aborts', async () => {
    const claims = memoryClaims();
    const { client, calls } = setup(claims);
    claims.takeOver(`session/info:${ID}`, 10_000);
    const controller = new AbortController();
    const read = client.getSessionInfo(ID, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(read).rejects.toMatchObject({ code: 'aborted' });
    expect(calls).toHaveLength(0);
  });
});
