import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DATABASE_URL } from '@wawp-gateway/gateway/testing';
import pg from 'pg';
import { type ChildGateway, freePort, startChildGateway } from '../../utils/child-gateway';
import { simControl } from '../../utils/simulator-control';
import { postWebhook, sessionStatusEnvelope } from '../../utils/webhook-post';
import { trackGroup } from '../cleanup';
import { sampleRssMiB, startChildServer } from '../process-rss';
import { type Figures, pick, type Scenario } from '../types';

const WEBHOOK_TOKEN = 'bench-rss-webhook-token-0123456789';
/** Instances posted to at once: each webhook of an instance may wait for a confirming read (2 s floor). */
const LOOPS = 8;

/** Posts `count` status webhooks, alternating STARTING/STOPPED, over `LOOPS` instances at once. */
async function appendEvents(gateway: ChildGateway, instanceIds: string[], count: number) {
  let accepted = 0;
  let next = 0;
  const loop = async (instanceId: string) => {
    let flip = false;
    while (next < count) {
      next += 1;
      flip = !flip;
      const body = sessionStatusEnvelope({ instanceId, status: flip ? 'STARTING' : 'STOPPED' });
      const answer = await postWebhook(gateway.url, body, { token: WEBHOOK_TOKEN });
      if (answer.status >= 200 && answer.status < 300) {
        accepted += 1;
      }
    }
  };
  await Promise.all(instanceIds.slice(0, LOOPS).map(loop));
  return accepted;
}

/** One child gateway: RSS fresh and after `events` webhooks; stopped (and its data gone) after. */
async function measureGateway(
  databaseUrl: string | null,
  events: number,
  settleMs: number,
): Promise<Figures> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-rss-'));
  const [port, simPort] = [await freePort(), await freePort()];
  const gateway = await startChildGateway({
    PORT: String(port),
    HOST: '127.0.0.1',
    SIMULATOR_PORT: String(simPort),
    SIMULATOR_INSTANCES: String(LOOPS),
    DATA_DIR: dataDir,
    GATEWAY_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const forget = trackGroup(gateway.process.pid);
  try {
    const pgid = gateway.process.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const fresh = await sampleRssMiB(pgid);
    const ids = (await simControl(`http://127.0.0.1:${simPort}`).instances()).map(
      (i) => i.instance_id,
    );
    const started = performance.now();
    const accepted = await appendEvents(gateway, ids, events);
    const appendS = Math.round((performance.now() - started) / 100) / 10;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const after = await sampleRssMiB(pgid);
    return {
      freshMiB: fresh,
      afterEventsMiB: after,
      growthMiB: fresh !== null && after !== null ? Math.round((after - fresh) * 10) / 10 : null,
      webhooksAccepted: accepted,
      appendSeconds: appendS,
    };
  } finally {
    await gateway.stop();
    forget();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** A scratch database on the test Postgres, dropped by `drop()`. */
async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bench_rss_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * `idle-rss`: the RSS of the gateway process (run as `pnpm start` runs it, embedded simulator)
 * idle on embedded PGlite and on Postgres (a scratch database, dropped after), fresh and after
 * E status webhooks (E events appended, retention running as configured by default). Baseline:
 * the plain yoga + Pothos `{ hello }` server's process, idle.
 */
export const idleRss: Scenario = {
  name: 'idle-rss',
  async run({ profile, log }) {
    if (profile === 'quick') {
      return {
        name: 'idle-rss',
        params: {},
        ours: null,
        baseline: null,
        ratio: null,
        target: '≤ 300 MB on PGlite, ≤ 150 MB on Postgres, ≤ 50 MB more after 100,000 events',
        met: null,
        note: 'skipped in --quick (two child gateways take ~40 s); run --medium or the full run',
      };
    }
    // Through the webhook path PGlite appended about 165 events/s here (8 instances at once): the
    // full run appends 10,000 (about a minute per store), 1,250 per instance, so retention
    // (1,000 per instance) prunes
    const events = pick(profile, { full: 10_000, medium: 150, quick: 0 });
    const settleMs = pick(profile, { full: 5_000, medium: 1_000, quick: 500 });
    const target = '≤ 300 MB on PGlite, ≤ 150 MB on Postgres, ≤ 50 MB more after 100,000 events';
    const pglite = await measureGateway(null, events, settleMs);
    log(`  PGlite: ${JSON.stringify(pglite)}`);
    let postgres: Figures | null = null;
    let note = '';
    try {
      const db = await scratchDatabase();
      try {
        postgres = await measureGateway(db.url, events, settleMs);
        log(`  Postgres: ${JSON.stringify(postgres)}`);
      } finally {
        await db.drop();
      }
    } catch (error) {
      note = ` Postgres: ${error instanceof Error ? error.message.slice(0, 300) : error}.`;
    }
    const hello = await startChildServer('test/bench/hello-main.ts');
    let helloMiB: number | null = null;
    try {
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      helloMiB = await sampleRssMiB(hello.process.pid ?? 0);
    } finally {
      await hello.stop();
    }
    const ours: Figures = {};
    for (const [store, figures] of [
      ['pglite', pglite],
      ['postgres', postgres],
    ] as const) {
      for (const [key, value] of Object.entries(figures ?? {})) {
        ours[`${store} ${key}`] = value;
      }
    }
    const num = (value: unknown) => (typeof value === 'number' ? value : Number.NaN);
    const mb = (mib: number) => mib * 1.048576;
    const full = profile === 'full';
    const met =
      full && postgres
        ? mb(num(pglite.freshMiB)) <= 300 &&
          mb(num(postgres.freshMiB)) <= 150 &&
          mb(num(pglite.growthMiB)) <= 50 &&
          mb(num(postgres.growthMiB)) <= 50
        : null;
    return {
      name: 'idle-rss',
      params: {
        events,
        settleMs,
        instances: LOOPS,
        rss: 'largest process of the group (not tsx’s wrapper)',
      },
      ours,
      baseline: { 'hello server idleMiB': helloMiB },
      ratio: helloMiB ? Math.round((num(pglite.freshMiB) / helloMiB) * 100) / 100 : null,
      target,
      met,
      note: `ratio: gateway on PGlite, fresh ÷ hello server RSS. RSS in MiB. Growth is after ${events} events, not the target's 100,000 (the webhook path appends too slowly on PGlite for that in a run).${note}${full ? '' : ' Quick sizes: the event count is too small to judge growth.'}`,
    };
  },
};
