import { Writable } from 'node:stream';
import { buildGateway, type Gateway } from '@wawp-gateway/gateway';
import { schema } from '@wawp-gateway/schema';
import { testConfig } from '../utils/gateway-harness';

/**
 * Counts executions of subscription results: graphql-js resolves the root field once per
 * execution, whether `useSharedExecution` runs it once per shape or yoga runs it once per
 * subscriber. The schema object is the one the gateway serves (one module instance).
 */
function countSessionEventsExecutions() {
  const field = schema.getSubscriptionType()?.getFields().sessionEvents;
  if (!field) {
    throw new Error('the schema has no Subscription.sessionEvents');
  }
  const original = field.resolve;
  const counter = { executions: 0 };
  field.resolve = (source, args, context, info) => {
    counter.executions += 1;
    return original ? original(source, args, context, info) : source;
  };
  return counter;
}

let counter: { executions: number } | null = null;

export interface BenchGateway {
  gateway: Gateway;
  url: string;
  instanceId: string;
  adminKey: string;
  webhookToken: string;
  /** Executions of `sessionEvents` results so far (snapshots included). */
  executions(): number;
  /** Log lines at warn or above. */
  warnings: string[];
}

/**
 * One gateway in this process: embedded simulator, in-memory PGlite, `warn` logs. Polling is
 * pushed out of the run (10 min base interval) so only the benchmark's webhooks make events.
 */
export async function startBenchGateway(sharedExecution: boolean): Promise<BenchGateway> {
  counter ??= countSessionEventsExecutions();
  const warnings: string[] = [];
  const webhookToken = 'bench-webhook-token-0123456789';
  const config = testConfig({
    logLevel: 'warn',
    webhookTokens: [webhookToken],
    pollIntervalMs: 600_000,
    watchdogStartingMs: 0,
    // the clients use one key (admin): 30,000 subscriptions take 1,500 sockets
    maxStreamsPerKey: 10_000,
  });
  const gateway = await buildGateway(config, {
    simulator: { port: 0, instances: 1 },
    memoryDatabase: true,
    consoleDir: null,
    sharedExecution,
    logDestination: new Writable({
      write(chunk, _encoding, done) {
        if (warnings.length < 50) {
          warnings.push(String(chunk));
        }
        done();
      },
    }),
  });
  const url = await gateway.start(0);
  const instanceId = gateway.simulator?.instanceIds()[0];
  if (!instanceId) {
    throw new Error('the embedded simulator has no instance');
  }
  const shared = counter;
  return {
    gateway,
    url,
    instanceId,
    adminKey: gateway.adminKey,
    webhookToken,
    executions: () => shared.executions,
    warnings,
  };
}
