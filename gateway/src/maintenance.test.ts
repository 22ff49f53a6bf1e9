import { expect, it, vi } from 'vitest';
import { createLogger } from './logging/logger';
import { createMaintenance } from './maintenance';

const quietStore = () => ({
  events: { prune: vi.fn(async () => 0) },
  deliveries: { prune: vi.fn(async () => 0) },
});

it('starts without waiting for the replay of what the last run left unprocessed', () => {
  let finish = () => {};
  const replayPending = vi.fn(
    () =>
      new Promise<number>((resolve) => {
        finish = () => resolve(3);
      }),
  );
  const maintenance = createMaintenance({
    store: quietStore() as never,
    webhook: { replayPending },
    logger: createLogger({ level: 'silent', secrets: () => [] }),
  });
  // a replay that never ends must not keep the replica from taking subscribers
  expect(maintenance.start()).toBeUndefined();
  expect(replayPending).toHaveBeenCalledWith(0);
  finish();
  maintenance.stop();
});

it('logs a replay that fails instead of failing the start', async () => {
  const lines: string[] = [];
  const maintenance = createMaintenance({
    store: quietStore() as never,
    webhook: { replayPending: async () => Promise.reject(new Error('database gone')) },
    logger: createLogger({
      level: 'warn',
      secrets: () => [],
      destination: { write: (line: string) => lines.push(line) },
    }),
  });
  maintenance.start();
  await vi.waitFor(() => expect(lines.join('')).toContain('replaying webhook deliveries failed'));
  maintenance.stop();
});
