import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the TypeScript module `entry` through tsx (workers do not inherit
 * tsx's loader). `data` becomes its `workerData`.
 */
export function startTsWorker(entry: URL, data: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * The worker's next message, or a rejection when it reports `{ type: 'failed', error }`, errors,
 * exits, or says nothing within `timeoutMs`.
 */
export function nextMessage<T>(worker: Worker, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no word from the worker within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type?: string; error?: string }) => {
      cleanup();
      if (message.type === 'failed') {
        reject(new Error(message.error));
      } else {
        resolve(message as T);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`the worker exited with ${code}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
