import { buildGateway } from './app';
import { ConfigError, loadConfig } from './config';
import { loadSimulatorConfig } from './simulator';

/** CLI shell: load config, build, listen, drain on SIGINT/SIGTERM. Tests use `buildGateway`. */
async function main() {
  const config = loadConfig();
  const gateway = await buildGateway(config, {
    simulator: config.wawpBaseUrl ? undefined : loadSimulatorConfig(),
  });
  const url = await gateway.start();
  // A configured admin key is never echoed; a generated one must be shown once, or nobody could
  // sign in.
  const key = config.adminKey ? '<GATEWAY_ADMIN_KEY>' : gateway.adminKey;
  const lines = [
    `wawp-gateway is up: ${url}`,
    `  console:   ${url}/#key=${key}`,
    `  graphql:   ${url}/graphql  (header Authorization: Bearer ${key})`,
    config.adminKey
      ? '  admin key: from GATEWAY_ADMIN_KEY'
      : `  admin key: ${key}  (generated once, kept in ${config.dataDir}/admin-key; or set GATEWAY_ADMIN_KEY)`,
    gateway.simulator
      ? `  embedded Wawp simulator: ${gateway.simulator.url}  (control surface: ${gateway.simulator.url}/_sim/instances)`
      : `  Wawp: ${config.wawpBaseUrl}`,
  ];
  // The banner goes to stdout, not the log: it is the one place the admin key is shown.
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    gateway.logger.info({ signal }, 'draining');
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        gateway.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `wawp-gateway failed to start: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(1);
});
