/**
 * Everything a test file starts (gateways, simulators, sockets, clients), disposed in `afterAll`
 * in reverse order, so what was started last (and may use what came before) stops first.
 * Disposal failures are collected, not swallowed.
 */
export function createLeftovers() {
  const disposers: (() => unknown)[] = [];
  return {
    /** Registers `value`'s disposer and returns `value`, so it reads `const x = add(await f(), …)`. */
    add<T>(value: T, dispose: (value: T) => unknown): T {
      disposers.push(() => dispose(value));
      return value;
    },
    async disposeAll(): Promise<void> {
      const failures: unknown[] = [];
      for (const dispose of disposers.splice(0).reverse()) {
        try {
          await dispose();
        } catch (error) {
          failures.push(error);
        }
      }
      if (failures.length > 0) {
        throw new AggregateError(failures, 'Some leftovers failed to dispose');
      }
    },
  };
}

export type Leftovers = ReturnType<typeof createLeftovers>;

/** A promise with its resolvers (Node 20 has no `Promise.withResolvers`). */
export function createDeferred<T = void>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
