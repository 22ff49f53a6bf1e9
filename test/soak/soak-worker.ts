import { Worker } from 'node:worker_threads';
import type { ClientCommand, ClientMessage, ClientPlan } from './soak-protocol';

/** The client worker (`soak-clients.ts`) and typed ways to talk to it. */
export interface ClientWorker {
  send(command: ClientCommand): void;
  /** The next message of `type`, or a rejection after `timeoutMs` or if the worker fails. */
  next<T extends ClientMessage['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ClientMessage, { type: T }>>;
  terminate(): Promise<void>;
}

/** Starts `soak-clients.ts` in a worker thread through tsx (workers do not inherit its loader). */
export function startClientWorker(plan: ClientPlan): ClientWorker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./soak-clients.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: plan });
  let failure: Error | null = null;
  const waiters = new Set<(message: ClientMessage | Error) => void>();
  const broadcast = (message: ClientMessage | Error) => {
    for (const waiter of [...waiters]) {
      waiter(message);
    }
  };
  worker.on('message', (message: ClientMessage) => {
    if (message.type === 'failed') {
      failure = new Error(`clients failed: ${message.error}`);
      broadcast(failure);
    } else {
      broadcast(message);
    }
  });
  worker.on('error', (error) => {
    failure = error;
    broadcast(error);
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the client worker exited (${code})`);
    broadcast(failure);
  });
  return {
    send: (command) => worker.postMessage(command),
    next(type, timeoutMs) {
      return new Promise((resolve, reject) => {
        if (failure) {
          reject(failure);
          return;
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${type} from the clients within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (message: ClientMessage | Error) => {
          if (message instanceof Error) {
            clearTimeout(timer);
            waiters.delete(waiter);
            reject(message);
          } else if (message.type === type) {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(message as Extract<ClientMessage, { type: typeof type }>);
          }
        };
        waiters.add(waiter);
      });
    },
    terminate: async () => {
      await worker.terminate();
    },
  };
}
