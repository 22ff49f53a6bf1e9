import { type Harness, startGateway } from '../utils/gateway-harness';

/** An in-process gateway for a scenario, with its embedded simulator's instance ids. */
export interface ScenarioGateway extends Harness {
  instanceIds: string[];
  /** `${url}/graphql`. */
  graphqlUrl: string;
}

/**
 * Starts one gateway in this process on 127.0.0.1 (embedded simulator with `instances`
 * instances, in-memory PGlite, `warn` logs). `pollIntervalMs` defaults to the product's 2 s.
 */
export async function startScenarioGateway(
  options: { instances?: number; pollIntervalMs?: number; timeScale?: number } = {},
): Promise<ScenarioGateway> {
  const instances = options.instances ?? 1;
  const harness = await startGateway({
    config: {
      logLevel: 'warn',
      pollIntervalMs: options.pollIntervalMs ?? 2_000,
      watchdogStartingMs: 0,
      maxStreamsPerKey: 100_000,
    },
    simulator: {
      instances,
      quota: Math.max(25, instances),
      timeScale: options.timeScale ?? 20,
    },
  });
  const instanceIds = harness.gateway.simulator?.instanceIds() ?? [];
  if (instanceIds.length < instances) {
    await harness.stop();
    throw new Error(`the embedded simulator has ${instanceIds.length} of ${instances} instances`);
  }
  return { ...harness, instanceIds, graphqlUrl: `${harness.url}/graphql` };
}
