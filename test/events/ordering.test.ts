/**
 * The order the stream publishes never runs backwards: for every story of
 * `ordering-scenarios.ts` and every way of delivering its webhooks (on time, a second late,
 * reordered in pairs, dropped), with a subscriber watching (so the poller runs), the statuses
 * published are a subsequence of the statuses the simulator went through
 * (`/_sim/instances/:id/history`), and the last one is the simulator's status once it settles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStream, subscribeEvents, type WireEvent } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { type SimControl, simControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import { DELIVERIES, isSubsequence, STORIES, type Story } from './ordering-scenarios';
import { startAtSimulator } from './support';

const CASES = STORIES.flatMap((story) => DELIVERIES.map((delivery) => ({ story, delivery })));
/** Cases per gateway: the simulator holds at most 25 instances, as a Wawp plan would. */
const PER_GATEWAY = 14;
const leftovers = createLeftovers();
const worlds: { h: Harness; sim: SimControl }[] = [];

beforeAll(async () => {
  for (let i = 0; i < CASES.length; i += PER_GATEWAY) {
    const h = leftovers.add(
      await startGateway({
        simulator: { timeScale: 20, instances: Math.min(PER_GATEWAY, CASES.length - i) },
        config: { logLevel: 'warn' },
      }),
      (started) => started.stop(),
    );
    worlds.push({ h, sim: simControl(h.simUrl) });
  }
});

afterAll(() => leftovers.disposeAll());

type World = (typeof worlds)[number];

const simStatus = async (sim: SimControl, id: string) => (await sim.instance(id))?.status;

/** The statuses a subscriber was shown: its snapshot's, then each change. */
const publishedStatuses = (events: readonly WireEvent[]) =>
  events.flatMap((e) =>
    e.__typename === 'SessionSnapshot'
      ? [e.session?.status ?? '']
      : e.__typename === 'SessionStatusChanged'
        ? [e.status ?? '']
        : [],
  );

const lastPublished = (stream: EventStream) => publishedStatuses(stream.events).at(-1);

async function prepare({ h, sim }: World, story: Story, id: string) {
  await startAtSimulator(h.gateway.simulator!, id);
  await waitFor(async () => (await simStatus(sim, id)) === 'SCAN_QR_CODE', 10_000);
  if (story.from === 'WORKING') {
    expect((await sim.scan(id)).status).toBe(200);
    await waitFor(async () => (await simStatus(sim, id)) === 'WORKING', 10_000);
  }
}

/** Waits until the simulator has stayed put for `quietMs` and the stream shows where it is. */
async function settle(sim: SimControl, stream: EventStream, id: string, quietMs = 3_000) {
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    const before = await simStatus(sim, id);
    const history = await sim.history(id);
    const lastChange = history.at(-1)?.at ?? 0;
    if (before === lastPublished(stream) && Date.now() - lastChange >= quietMs) {
      return before;
    }
    await sleep(250);
  }
  throw new Error(
    `did not settle: simulator ${await simStatus(sim, id)}, stream ${publishedStatuses(stream.events).join(' → ')}`,
  );
}

describe('the published order never runs backwards', () => {
  it.concurrent.each(CASES.map((c, i) => [`${c.story.name}, ${c.delivery.name}`, c, i] as const))(
    '%s',
    { timeout: 90_000 },
    async (_name, { story, delivery }, index) => {
      const world = worlds[Math.floor(index / PER_GATEWAY)]!;
      const { h, sim } = world;
      const id = h.gateway.simulator!.instanceIds()[index % PER_GATEWAY]!;
      await prepare(world, story, id);
      const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) =>
        c.dispose(),
      );
      const stream = leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop());
      await stream.until((events) => lastPublished({ events } as EventStream) === story.from);
      const start = (await sim.history(id)).length - 1;
      if (delivery.fault) {
        expect((await sim.fault({ instanceId: id, ...delivery.fault })).status).toBe(200);
      }

      await story.act({ url: h.url, adminKey: h.adminKey, sim, id });
      const final = await settle(sim, stream, id);

      const history = (await sim.history(id)).slice(start).map((entry) => entry.status);
      const published = publishedStatuses(stream.events);
      expect(history.length, 'the story made Wawp move').toBeGreaterThan(1);
      expect(
        isSubsequence(published, history),
        `published ${published.join(' → ')}\nWawp went ${history.join(' → ')}`,
      ).toBe(true);
      expect(published.at(-1)).toBe(final);
    },
  );
});
