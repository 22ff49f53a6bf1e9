import { randomBytes } from 'node:crypto';
import type { SessionEvent } from '@wawp-gateway/schema';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { toCursor } from './cursor';
import { createRedisBus } from './redis-bus';
import type { PayloadBus } from './store-types';

/** The machine's shared Redis; every test uses a prefix of its own and never flushes it. */
const REDIS_URL = 'redis://127.0.0.1:6379';
const silent = { info() {}, warn() {}, error() {} };

const event = (seq: number, instanceId: string): SessionEvent => ({
  kind: 'QrCodeUpdated',
  cursor: toCursor(seq),
  instanceId,
  occurredAt: new Date('2026-12-02T10:00:00.123Z'),
  source: 'POLL',
  qrCode: {
    value: `qr-${seq}`,
    imageDataUrl: 'data:image/png;base64,AAAA',
    expiresAt: new Date('2026-12-02T10:00:20.000Z'),
  },
});

const open: PayloadBus[] = [];
const busOf = (prefix: string) => {
  const bus = createRedisBus({ url: REDIS_URL, prefix, logger: silent });
  open.push(bus);
  return bus;
};
const connected = (bus: PayloadBus) =>
  new Promise<void>((resolve) => {
    if (bus.connected) {
      resolve();
    } else {
      bus.onStatus((up) => up && resolve());
    }
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(open.splice(0).map((bus) => bus.close()));
});

describe('the Redis bus', () => {
  it('carries an event, equal to the original, only to those following its instance', async () => {
    const prefix = `wawp_test_${randomBytes(4).toString('hex')}`;
    const [sender, followerOfA, followerOfB] = [busOf(prefix), busOf(prefix), busOf(prefix)];
    await Promise.all([sender, followerOfA, followerOfB].map(connected));
    const gotA: SessionEvent[] = [];
    const gotB: SessionEvent[] = [];
    followerOfA.onEvent((e) => gotA.push(e));
    followerOfB.onEvent((e) => gotB.push(e));
    followerOfA.follow('A');
    followerOfB.follow('B');
    await sleep(100);
    const sent = event(7, 'A');
    sender.publish([sent]);
    await sleep(200);
    expect(gotA).toEqual([sent]);
    expect(gotB).toEqual([]);
    expect(sender.stats().published).toBe(1);
    expect(followerOfA.stats()).toMatchObject({ received: 1, following: 1 });
  });

  it('follows every instance with null, stops on unfollow, and keeps schemas apart', async () => {
    const prefix = `wawp_test_${randomBytes(4).toString('hex')}`;
    const [sender, fleet, otherSchema] = [busOf(prefix), busOf(prefix), busOf(`${prefix}x`)];
    await Promise.all([sender, fleet, otherSchema].map(connected));
    const got: string[] = [];
    const leaked: string[] = [];
    fleet.onEvent((e) => got.push(e.cursor));
    otherSchema.onEvent((e) => leaked.push(e.cursor));
    fleet.follow(null);
    otherSchema.follow(null);
    await sleep(100);
    sender.publish([event(1, 'A'), event(2, 'B')]);
    await sleep(200);
    fleet.unfollow(null);
    await sleep(100);
    sender.publish([event(3, 'A')]);
    await sleep(200);
    expect(got.sort()).toEqual(['1', '2']);
    expect(leaked).toEqual([]);
  });

  it('drops a message that is not an event', async () => {
    const prefix = `wawp_test_${randomBytes(4).toString('hex')}`;
    const follower = busOf(prefix);
    await connected(follower);
    const got: SessionEvent[] = [];
    follower.onEvent((e) => got.push(e));
    follower.follow('A');
    await sleep(100);
    const raw = new Redis(REDIS_URL);
    await raw.publish(`${prefix}:events:A`, '{"not":"an event"}');
    await raw.quit();
    await sleep(200);
    expect(got).toEqual([]);
    expect(follower.stats().malformed).toBe(1);
  });
});
