import { simControl } from '../../utils/simulator-control';
import { startScenarioGateway } from '../bench-gateway';
import { graphqlRequest, runLoad, simSessionInfoRequest } from '../load';
import { pick, type Scenario } from '../types';

const SESSION_INFO =
  'query ($id: ID!) { sessionInfo(instanceId: $id) { instanceId status observedAt stale } }';

/**
 * `coalescing`: N concurrent identical `sessionInfo` queries through the gateway, and the same N
 * reads sent to the simulator directly; figure: Wawp `session/info` calls in the simulator's
 * request log. Polling is pushed out of the run (10 min) so only the burst reads.
 */
export const coalescing: Scenario = {
  name: 'coalescing',
  async run({ profile, log }) {
    const count = pick(profile, { full: 1_000, medium: 1_000, quick: 200 });
    const target = '1 Wawp session/info call for the whole burst';
    const gateway = await startScenarioGateway({ instances: 1, pollIntervalMs: 600_000 });
    try {
      const sim = simControl(gateway.simUrl);
      const id = gateway.instanceIds[0] as string;
      // let registration's first reads settle, then start from an empty log and no fresh state
      await new Promise((resolve) => setTimeout(resolve, profile === 'full' ? 2_500 : 1_000));
      await sim.clearRequests();
      const ours = await runLoad({
        kind: 'burst',
        request: graphqlRequest(gateway.graphqlUrl, gateway.adminKey, SESSION_INFO, { id }),
        count,
        timeoutMs: 30_000,
      });
      const ourCalls = (await sim.requests(id)).filter((r) => r.path === '/v2/session/info').length;
      log(`  gateway: ${ourCalls} session/info calls for ${count} queries (${ours.errors} errors)`);
      await sim.clearRequests();
      const direct = await runLoad({
        kind: 'burst',
        request: simSessionInfoRequest(gateway.simUrl, id),
        count,
        timeoutMs: 30_000,
      });
      const directCalls = (await sim.requests(id)).filter(
        (r) => r.path === '/v2/session/info',
      ).length;
      return {
        name: 'coalescing',
        params: { queries: count, instances: 1 },
        ours: {
          wawpCalls: ourCalls,
          answered: ours.completed,
          errors: ours.errors,
          burstMs: Math.round(ours.elapsedMs),
          ...(ours.errorSamples.length > 0 ? { errorSample: ours.errorSamples[0] ?? null } : {}),
        },
        baseline: {
          wawpCalls: directCalls,
          answered: direct.completed,
          errors: direct.errors,
          burstMs: Math.round(direct.elapsedMs),
        },
        ratio: directCalls > 0 ? ourCalls / directCalls : null,
        target,
        met: ours.errors === 0 ? ourCalls <= 1 : false,
      };
    } finally {
      await gateway.stop();
    }
  },
};
