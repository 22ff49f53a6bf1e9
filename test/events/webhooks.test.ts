/**
 * Through the gateway's real `POST /webhooks/wawp`: one delivery posted 20 times at once
 * publishes one event; a bad HMAC gets 401 and publishes nothing; a forged disconnect that
 * `session/info` contradicts changes nothing.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changesOf, has, isStatus, labelOf, subscribeEvents } from '../utils/event-stream';
import type { Harness } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import type { TestSchema } from '../utils/pg-schema';
import { simControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import {
  type PostgresHarness,
  sessionAction,
  startAtSimulator,
  startGatewayOnPostgres,
} from './support';

const TOKEN = 'webhooks-e2e-token';
const SECRET = 'webhooks-e2e-hmac-secret';

const leftovers = createLeftovers();
/** Token mode (no HMAC secret): deliveries carry `?token=`. */
let tokenGw: PostgresHarness;
/** HMAC mode: deliveries must carry `X-Webhook-Hmac`. */
let hmacGw: PostgresHarness;

beforeAll(async () => {
  [tokenGw, hmacGw] = await Promise.all([
    startGatewayOnPostgres(leftovers, {
      simulator: { timeScale: 10, instances: 2 },
      config: { webhookTokens: [TOKEN] },
    }),
    startGatewayOnPostgres(leftovers, {
      // the embedded simulator signs its own deliveries with the same key
      simulator: { timeScale: 10, instances: 1, webhookHmacKey: SECRET },
      config: { webhookSecrets: [SECRET] },
    }),
  ]);
});

afterAll(() => leftovers.disposeAll());

const watch = (h: Harness, id: string, after: string | null = null) => {
  const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
  return leftovers.add(subscribeEvents(connection, { id, after }), (s) => s.stop());
};
const deliveriesOf = async (db: TestSchema, eventId: string) =>
  Number(
    (
      await db.pool.query<{ n: string }>(
        `select count(*) as n from "${db.schema}".webhook_deliveries where event_id = $1`,
        [eventId],
      )
    ).rows[0]?.n,
  );

it('publishes one event for one delivery posted 20 times concurrently', {
  timeout: 30_000,
}, async () => {
  const simulator = tokenGw.gateway.simulator!;
  const sim = simControl(simulator.url);
  const [id] = simulator.instanceIds() as [string];
  const first = watch(tokenGw, id);
  await first.take(1);
  const cursor = first.events[0]!.cursor;
  // nobody watches now, so nothing polls: the delivery is the only way the gateway learns
  first.stop();

  // the session really starts (and stays STARTING), but its own webhook is lost…
  await sim.fault([
    { instanceId: id, webhookDrop: true },
    { instanceId: id, stuckStarting: true },
  ]);
  await startAtSimulator(simulator, id);
  // …and arrives 20 times at once instead (a sender retrying a slow receiver: one id)
  const delivery = sessionStatusEnvelope({ instanceId: id, status: 'STARTING' });
  const answers = await Promise.all(
    Array.from({ length: 20 }, () => postWebhook(tokenGw.url, delivery, { token: TOKEN })),
  );
  const accepted = answers.filter((r) => r.status === 202);
  const duplicates = answers.filter(
    (r) => r.status === 200 && (r.body as { status?: string }).status === 'duplicate',
  );
  expect(accepted).toHaveLength(1);
  expect(duplicates).toHaveLength(19);
  expect(await deliveriesOf(tokenGw.db, delivery.id)).toBe(1);

  // resume from before the delivery: exactly one event, from the webhook; the poll that the
  // subscription starts agrees with it and adds nothing
  const resumedAt = Date.now();
  const resumed = watch(tokenGw, id, cursor);
  await resumed.until((events) => events.length >= 1, 10_000);
  await waitFor(
    async () =>
      (await sim.requests(id)).some(
        (r) => r.path.endsWith('/session/info') && r.timestamp >= resumedAt,
      ),
    5_000,
  );
  await sleep(500);
  expect(resumed.events.map(labelOf)).toEqual(['STARTING']);
  expect(resumed.events[0]).toMatchObject({ source: 'WEBHOOK', previousStatus: 'STOPPED' });
  const stored = await tokenGw.gateway.store.events.readAfter({
    afterSeq: Number(cursor),
    instanceIds: [id],
  });
  expect(stored).toHaveLength(1);
});

it('refuses a bad HMAC with 401 and publishes nothing', { timeout: 30_000 }, async () => {
  const [id] = hmacGw.gateway.simulator!.instanceIds() as [string];
  const stream = watch(hmacGw, id);
  await stream.take(1);
  const cursor = stream.events[0]!.cursor;

  const delivery = sessionStatusEnvelope({ instanceId: id, status: 'STARTING' });
  const raw = JSON.stringify(delivery);
  const tampered = raw.replace('"engine":"NOWEB"', '"engine":"NOWEC"');
  const refused = await Promise.all([
    postWebhook(hmacGw.url, raw, { hmacKey: 'not-the-secret' }),
    postWebhook(hmacGw.url, raw, { hmacHeader: 'ab'.repeat(64) }),
    postWebhook(hmacGw.url, raw, { hmacHeader: 'not hex' }),
    postWebhook(hmacGw.url, raw),
    // a URL token means nothing once an HMAC secret is configured
    postWebhook(hmacGw.url, raw, { token: TOKEN }),
    // signed, but one byte of the body changed afterwards
    postWebhook(hmacGw.url, tampered, {
      hmacHeader: createHmac('sha512', SECRET).update(raw).digest('hex'),
    }),
  ]);
  expect(tampered.length).toBe(raw.length);
  expect(tampered).not.toBe(raw);
  expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
  await sleep(1_000);
  expect(changesOf(stream.events)).toEqual([]);
  expect(await deliveriesOf(hmacGw.db, delivery.id)).toBe(0);
  expect(
    await hmacGw.gateway.store.events.readAfter({ afterSeq: Number(cursor), instanceIds: [id] }),
  ).toEqual([]);

  // the control: the same bytes, rightly signed, are accepted and published
  expect((await postWebhook(hmacGw.url, raw, { hmacKey: SECRET })).status).toBe(202);
  await stream.until((events) => changesOf(events).length >= 1, 10_000);
  expect(changesOf(stream.events)[0]).toMatchObject({ status: 'STARTING', source: 'WEBHOOK' });
});

it('ignores a forged disconnect that session/info contradicts', { timeout: 40_000 }, async () => {
  const simulator = tokenGw.gateway.simulator!;
  const sim = simControl(simulator.url);
  const [, id] = simulator.instanceIds() as [string, string];
  const stream = watch(tokenGw, id);
  await stream.take(1);
  await sessionAction(tokenGw.url, tokenGw.adminKey, 'startSession', id);
  await stream.until(has(isStatus('SCAN_QR_CODE')));
  await sim.scan(id);
  await stream.until((events) => events.some((e) => e.__typename === 'SessionAuthenticated'));
  const seenBefore = stream.events.length;

  // a valid token, fresh timestamps, new ids: the phone "failed", then "logged out"; each is
  // checked with Wawp, which still says WORKING, and the mismatch is logged
  const refusals = () =>
    tokenGw.logs.filter((line) => line.includes('not confirmed by session/info')).length;
  for (const status of ['FAILED', 'STOPPED']) {
    const before = refusals();
    const forgedAt = Date.now();
    const forged = sessionStatusEnvelope({ instanceId: id, status });
    expect((await postWebhook(tokenGw.url, forged, { token: TOKEN })).status).toBe(202);
    await waitFor(() => refusals() > before, 10_000);
    const asked = (await sim.requests(id)).filter(
      (r) => r.path.endsWith('/session/info') && r.timestamp >= forgedAt,
    );
    expect(asked.length).toBeGreaterThanOrEqual(1);
  }
  await sleep(500);
  expect(stream.events.slice(seenBefore).map(labelOf)).toEqual([]);
  const info = await gql<{ sessionInfo: { status: string } }>(
    tokenGw.url,
    tokenGw.adminKey,
    'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
    { id },
  );
  expect(dataOf(info).sessionInfo.status).toBe('WORKING');
  // and a new subscriber's snapshot still says WORKING
  const late = watch(tokenGw, id);
  await late.take(1);
  expect(late.events[0]).toMatchObject({
    __typename: 'SessionSnapshot',
    session: { status: 'WORKING' },
  });
});
