import { simControl } from '../../utils/simulator-control';
import { startScenarioGateway } from '../bench-gateway';
import { startHelloServer } from '../hello-server';
import { graphqlRequest, runLoad, simSessionInfoRequest } from '../load';
import type { LoadRequest, LoadResult } from '../load-protocol';
import { percentile } from '../stats';
import { type Figures, pick, type Scenario, type SizeProfile } from '../types';

const SESSION_INFO =
  'query ($id: ID!) { sessionInfo(instanceId: $id) { instanceId status observedAt stale } }';
const INSTANCES = '{ instances { instanceId session { status stale } } }';

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

async function closedLoop(
  profile: SizeProfile,
  request: LoadRequest,
  concurrency: number,
): Promise<LoadResult> {
  return runLoad({
    kind: 'closed',
    request,
    concurrency,
    warmupMs: pick(profile, { full: 3_000, medium: 700, quick: 300 }),
    durationMs: pick(profile, { full: 10_000, medium: 2_000, quick: 700 }),
  });
}

const rate = (result: LoadResult) => Math.round((result.completed * 1_000) / result.elapsedMs);
const p = (result: LoadResult, q: number) => round(percentile(result.latencies, q));

/**
 * `query-path`: cached `sessionInfo` req/s at c=32 beside a plain yoga + Pothos `{ hello }`
 * server; p50/p99 at c=1 beside the direct Wawp read at the simulator; `instances` with 100
 * registered instances at c=32. Servers in this process, load in a worker thread.
 */
export const queryPath: Scenario = {
  name: 'query-path',
  async run({ profile, log }) {
    const instances = pick(profile, { full: 100, medium: 100, quick: 25 });
    const t0 = performance.now();
    const hello = await startHelloServer();
    const gateway = await startScenarioGateway({ instances }).catch(async (error) => {
      await hello.stop();
      throw error;
    });
    log(`  servers up in ${Math.round(performance.now() - t0)} ms`);
    try {
      const id = gateway.instanceIds[0] as string;
      const info = graphqlRequest(gateway.graphqlUrl, gateway.adminKey, SESSION_INFO, { id });
      const helloRequest = graphqlRequest(hello.graphqlUrl, null, '{ hello }');
      const sim = simControl(gateway.simUrl);
      const readsDuring = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
        await sim.clearRequests();
        const result = await work();
        const reads = (await sim.requests()).filter((r) => r.path === '/v2/session/info').length;
        return [result, reads];
      };
      const [ours32, reads32] = await readsDuring(() => closedLoop(profile, info, 32));
      const hello32 = await closedLoop(profile, helloRequest, 32);
      log(`  c=32 sessionInfo ${rate(ours32)} req/s, hello ${rate(hello32)} req/s`);
      const [ours1, reads1] = await readsDuring(() => closedLoop(profile, info, 1));
      const direct1 = await closedLoop(profile, simSessionInfoRequest(gateway.simUrl, id), 1);
      const list32 = await closedLoop(
        profile,
        graphqlRequest(gateway.graphqlUrl, gateway.adminKey, INSTANCES),
        32,
      );
      const addedP50 = round(percentile(ours1.latencies, 50) - percentile(direct1.latencies, 50));
      const ratio = round(rate(ours32) / Math.max(1, rate(hello32)));
      const ours: Figures = {
        'sessionInfo req/s c=32': rate(ours32),
        'sessionInfo p50 ms c=32': p(ours32, 50),
        'sessionInfo p50 ms c=1': p(ours1, 50),
        'sessionInfo p99 ms c=1': p(ours1, 99),
        'added p50 ms c=1': addedP50,
        [`instances(${instances}) req/s c=32`]: rate(list32),
        [`instances(${instances}) p50 ms c=32`]: p(list32, 50),
        'Wawp reads during c=32': reads32,
        'Wawp reads during c=1': reads1,
        'sessionInfo queries c=1': ours1.completed,
        errors: ours32.errors + ours1.errors + list32.errors,
      };
      const baseline: Figures = {
        'hello req/s c=32': rate(hello32),
        'hello p50 ms c=32': p(hello32, 50),
        'direct session/info p50 ms c=1': p(direct1, 50),
        'direct session/info p99 ms c=1': p(direct1, 99),
        errors: hello32.errors + direct1.errors,
      };
      const errorSample = [
        ...ours32.errorSamples,
        ...ours1.errorSamples,
        ...list32.errorSamples,
      ][0];
      return {
        name: 'query-path',
        params: { concurrency: [32, 1], instances },
        ours,
        baseline,
        ratio,
        target:
          'sessionInfo req/s at c=32 ≥ 1.0× the hello server; added p50 at c=1 ≤ 0.3 ms over the direct Wawp read',
        met: profile === 'quick' ? null : ratio >= 1 && addedP50 <= 0.3,
        note:
          'ratio: sessionInfo ÷ hello req/s at c=32.' +
          (errorSample ? ` First error: ${errorSample}` : ''),
      };
    } finally {
      const t1 = performance.now();
      await gateway.stop();
      await hello.stop();
      log(`  servers stopped in ${Math.round(performance.now() - t1)} ms`);
    }
  },
};
