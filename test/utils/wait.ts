/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `stepMs` until it returns a truthy value and resolves with that value;
 * fails after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 20_000,
  stepMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) {
      return value as NonNullable<T>;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    }
    await sleep(stepMs);
  }
}
