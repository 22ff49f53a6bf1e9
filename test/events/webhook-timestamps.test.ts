/**
 * A webhook's own timestamp is believed only within [receipt − 3 days, receipt + 5 min]: a
 * delivery stamped 10^15 (microseconds read as milliseconds) or a day ahead must not make the next
 * real webhook of the instance look stale. Nobody watches the instance while it changes, so
 * nothing polls it: the real webhook is the only way the gateway can learn of the change.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labelOf, subscribeEvents } from '../utils/event-stream';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import { type PostgresHarness, startAtSimulator, startGatewayOnPostgres } from './support';

const TOKEN = 'webhook-timestamps-token-0123456789';
const leftovers = createLeftovers();
let h: PostgresHarness;

beforeAll(async () => {
  h = await startGatewayOnPostgres(leftovers, {
    simulator: { timeScale: 10, instances: 2 },
    config: { webhookTokens: [TOKEN] },
  });
});

afterAll(() => leftovers.disposeAll());

const watch = (id: string, after: string | null = null) => {
  const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
  return leftovers.add(subscribeEvents(connection, { id, after }), (s) => s.stop());
};

it.each([
  ['10^15', 1e15],
  ['a day ahead', Date.now() + 86_400_000],
])(
  'a delivery stamped %s does not hide the next real webhook',
  {
    timeout: 30_000,
  },
  async (_label, bogus) => {
    const simulator = h.gateway.simulator!;
    const id = simulator.instanceIds()[bogus === 1e15 ? 0 : 1]!;
    const first = watch(id);
    const [snapshot] = await first.take(1);
    first.stop();
    expect(snapshot).toMatchObject({ __typename: 'SessionSnapshot' });

    const stamped = sessionStatusEnvelope({ instanceId: id, status: 'STOPPED', timestamp: bogus });
    expect((await postWebhook(h.url, stamped, { token: TOKEN })).status).toBe(202);

    // the engine really starts; its own webhook (stamped now) is what reports it
    await startAtSimulator(simulator, id);

    const resumed = watch(id, snapshot!.cursor);
    const events = await resumed.until(
      (seen) => seen.some((e) => labelOf(e) === 'STARTING' && e.source === 'WEBHOOK'),
      15_000,
    );
    expect(events.map(labelOf)).toContain('STARTING');
  },
);
