import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControlSurface } from './control-surface';
import type { SimDeps } from './deps';
import { routeNotFound } from './errors';
import { createFaultStore } from './faults';
import { sendJson } from './http-io';
import { createInstanceStore } from './instance-store';
import { resolveSimulatorOptions, type SimulatorOptions } from './options';
import { createPollFloor } from './poll-floor';
import { createRequestLog } from './request-log';
import { createScheduler } from './scheduler';
import { createSessionMachine } from './session-machine';
import { createWawpSurface } from './wawp-surface';
import { createWebhookDispatcher } from './webhook-dispatcher';

/** A running (or ready to run) Wawp v2 simulator. */
export interface Simulator {
  /** Listens and resolves to the base URL, e.g. `http://127.0.0.1:4010`. */
  start(): Promise<string>;
  /** Closes the server and its connections, clears every timer and stops webhook retries. */
  stop(): Promise<void>;
  /** The base URL; throws before `start()` resolves. */
  readonly url: string;
  readonly accessToken: string;
  /** Ids of the instances that exist now, in creation order. */
  instanceIds(): string[];
}

/**
 * Builds a faithful simulator of the Wawp v2 auth/session/webhook surface (docs/wawp-contract.md), plus the
 * `/_sim/*` control surface. It is single-use: once stopped it cannot start again.
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config = resolveSimulatorOptions(options);
  const scheduler = createScheduler(config.timeScale);
  const faults = createFaultStore();
  const store = createInstanceStore();
  const userId = 'sim-user-1';
  const dispatcher = createWebhookDispatcher({
    scheduler,
    faults,
    logger: config.logger,
    userId,
    extraUrl: config.webhookUrl,
    hmacKey: config.webhookHmacKey,
  });
  const machine = createSessionMachine({
    scheduler,
    bootMs: config.bootMs,
    isStuckStarting: faults.isStuckStarting,
    onStatus: (instance) => {
      config.logger.info({ instance_id: instance.id, status: instance.status }, 'session status');
      dispatcher.dispatch(instance);
    },
  });
  const deps: SimDeps = {
    accessToken: config.accessToken,
    quota: config.quota,
    userId,
    store,
    machine,
    scheduler,
    faults,
    requestLog: createRequestLog(),
    pollFloor: createPollFloor(config.pollFloorMs),
    logger: config.logger,
    plan: config.plan,
    perUrlWebhooks: config.perUrlWebhooks,
  };
  for (let i = 0; i < config.instances; i += 1) {
    store.create(`${config.accessToken}:${i + 1}`);
  }

  const wawp = createWawpSurface(deps);
  const control = createControlSurface(deps);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    if (url.pathname.startsWith('/v2/')) {
      void wawp(req, res, url);
    } else if (url.pathname.startsWith('/_sim/')) {
      void control(req, res, url);
    } else {
      const error = routeNotFound(url.pathname);
      sendJson(res, error.status, error.body);
    }
  });
  let baseUrl: string | undefined;

  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          baseUrl = `http://${host}:${port}`;
          resolve(baseUrl);
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        scheduler.dispose();
        dispatcher.dispose();
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    get url() {
      if (baseUrl === undefined) {
        throw new Error('The simulator has not started');
      }
      return baseUrl;
    },
    accessToken: config.accessToken,
    instanceIds: () => store.all().map((instance) => instance.id),
  };
}
