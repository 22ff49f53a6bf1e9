import { pino } from 'pino';
import { loadSimulatorConfig, loadSimulatorLogLevel } from './config';
import { createSimulator } from './simulator';

async function main() {
  const config = loadSimulatorConfig();
  const logger = pino({ name: 'wawp-simulator', level: loadSimulatorLogLevel() });
  const simulator = createSimulator({ ...config, logger });
  const url = await simulator.start();
  process.stdout.write(
    [
      `Wawp simulator listening on ${url}`,
      `  access token: ${simulator.accessToken}`,
      `  instances:    ${simulator.instanceIds().join(', ') || '(none)'}`,
      `  control:      ${url}/_sim/instances`,
      '',
    ].join('\n'),
  );
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'stopping');
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
