/**
 * A gateway replica in a process of its own, so a test can kill it for real (SIGKILL: its
 * Postgres connections, and with them its advisory locks, die with it). Started by
 * `startReplicaProcess`; reads its config from `REPLICA_OPTIONS` (JSON) and prints
 * `REPLICA_READY <url>` once it listens. SIGTERM drains it like `main.ts` does.
 */
import { buildGateway, type GatewayConfig } from '@wawp-gateway/gateway';

interface ReplicaOptions {
  config: GatewayConfig;
  databaseSchema: string;
}

const options = JSON.parse(process.env.REPLICA_OPTIONS ?? '{}') as ReplicaOptions;
const gateway = await buildGateway(options.config, {
  consoleDir: null,
  databaseSchema: options.databaseSchema,
  logDestination: process.stderr,
});
const url = await gateway.start(options.config.port);
process.stdout.write(`REPLICA_READY ${url}\n`);
process.once('SIGTERM', () => {
  void gateway.stop().then(() => process.exit(0));
});
