import { setTimeout as sleep } from 'node:timers/promises';
import { simControl } from '../../utils/simulator-control';
import { startScenarioGateway } from '../bench-gateway';
import { runLoad, simSessionInfoRequest } from '../load';
import { readStats } from '../read-stats';
import { holdSubscribers } from '../subscribers';
import { pick, type Scenario } from '../types';

const POLL_MS = 2_000;
const NAIVE_MS = 3_000;

/**
 * `amplification`: S `sessionEvents` subscribers spread over I instances, held for D; Wawp
 * status reads (`session/info`) per instance per minute and the tightest gap between two reads
 * of one instance, from the simulator's request log. Baseline: one naive poller per subscriber
 * reading its instance every 3 s against the simulator (counted by the poller itself, since
 * 2,000 pollers overflow the simulator's 10,000-entry log).
 */
export const amplification: Scenario = {
  name: 'amplification',
  async run({ profile, log }) {
    const subscribers = pick(profile, { full: 2_000, medium: 200, quick: 40 });
    const instances = pick(profile, { full: 100, medium: 10, quick: 4 });
    // at rest (STOPPED) the gateway polls every 10 s: the window must hold at least one poll
    const durationMs = pick(profile, { full: 30_000, medium: 11_000, quick: 4_000 });
    const naiveMs = pick(profile, { full: 30_000, medium: 4_000, quick: 3_000 });
    const gateway = await startScenarioGateway({ instances, pollIntervalMs: POLL_MS });
    try {
      const sim = simControl(gateway.simUrl);
      // the window starts before the subscriptions: their snapshot reads count too
      await sim.clearRequests();
      const from = Date.now();
      const held = await holdSubscribers({
        url: gateway.url,
        authorization: `Bearer ${gateway.adminKey}`,
        instanceIds: gateway.instanceIds,
        subscribers,
      });
      log(`  ${subscribers} subscribers in ${Math.round(held.subscribeMs)} ms`);
      await sleep(Math.max(0, durationMs - (Date.now() - from)));
      const to = Date.now();
      const log_ = await sim.requests();
      const { failures } = await held.release();
      const byInstance = new Map<string, number[]>();
      for (const entry of log_) {
        if (
          entry.path === '/v2/session/info' &&
          entry.instance_id &&
          entry.timestamp >= from &&
          entry.timestamp <= to
        ) {
          const times = byInstance.get(entry.instance_id) ?? [];
          times.push(entry.timestamp);
          byInstance.set(entry.instance_id, times);
        }
      }
      const ours = readStats(byInstance, instances, to - from, POLL_MS, POLL_MS);
      log(
        `  gateway: ${ours.readsPerInstancePerMin} reads/instance/min, min gap ${ours.minGapMs} ms`,
      );

      const naive = await runLoad({
        kind: 'poll',
        targets: Array.from({ length: subscribers }, (_, i) => {
          const id = gateway.instanceIds[i % instances] as string;
          return { key: id, request: simSessionInfoRequest(gateway.simUrl, id) };
        }),
        intervalMs: NAIVE_MS,
        durationMs: naiveMs,
      });
      const naiveTimes = new Map(Object.entries(naive.sentAt ?? {}));
      const baseline = readStats(naiveTimes, instances, naive.elapsedMs, POLL_MS, POLL_MS);
      const met =
        profile === 'quick'
          ? null
          : ours.maxReadsPerInstancePerInterval <= 1 && ours.gapsUnderFloor === 0;
      return {
        name: 'amplification',
        params: {
          subscribers,
          instances,
          durationMs,
          naiveDurationMs: naiveMs,
          pollIntervalMs: POLL_MS,
          naivePollMs: NAIVE_MS,
          instanceStatus: 'STOPPED',
        },
        ours: { ...ours, subscriberFailures: failures.length },
        baseline: { ...baseline, errors: naive.errors },
        ratio:
          baseline.readsPerInstancePerMin > 0
            ? Math.round((ours.readsPerInstancePerMin / baseline.readsPerInstancePerMin) * 1_000) /
              1_000
            : null,
        target:
          '≤ 1 status read per instance per 2 s poll interval, never two reads of one instance within 2 s',
        met,
        note:
          'ratio: reads per instance per minute, ours ÷ naive pollers. The window starts before the ' +
          'subscriptions, so their snapshot reads count; instances stay STOPPED (polled every 10 s at rest).',
      };
    } finally {
      await gateway.stop();
    }
  },
};
