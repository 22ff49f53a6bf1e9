import { buildGateway } from './app';
import { ensureDataDir, maskKey, readOrCreateAdminKey } from './auth/admin-key-file';
import { ConfigError, loadConfig } from './config';
import { loadSimulatorConfig } from './simulator';

/** CLI shell: load config, build, listen, drain on SIGINT/SIGTERM. Tests use `buildGateway`. */
async function main() {
  const config = loadConfig();
  if (config.adminKey === null || config.databaseUrl === null) {
    ensureDataDir(config.dataDir); // 0700: the admin key and the embedded database live there
  }
  // refuses a key file others can read, before anything starts
  const saved = config.adminKey ? null : readOrCreateAdminKey(config.dataDir);
  const gateway = await buildGateway(saved ? { ...config, adminKey: saved.key } : config, {
    simulator: config.wawpBaseUrl ? undefined : loadSimulatorConfig(),
  });
  const url = await gateway.start();
  // A configured admin key is never echoed; a generated one is shown in full once, on the start
  // that generated it (or nobody could sign in), and masked on every later start.
  const key =
    saved === null ? '<GATEWAY_ADMIN_KEY>' : saved.created ? saved.key : maskKey(saved.key);
  const masked = saved !== null && !saved.created;
  const lines = [
    `wawp-gateway is up: ${url}`,
    `  console:   ${url}/#key=${key}${masked ? `  (masked: open ${url}/ and paste the key from ${saved.file})` : ''}`,
    `  graphql:   ${url}/graphql  (header Authorization: Bearer ${key})`,
    saved === null
      ? '  admin key: from GATEWAY_ADMIN_KEY'
      : saved.created
        ? `  admin key: ${key}  (generated once, kept in ${saved.file}; or set GATEWAY_ADMIN_KEY)`
        : `  admin key: ${key}  (masked; the full key is in ${saved.file}; or set GATEWAY_ADMIN_KEY)`,
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
