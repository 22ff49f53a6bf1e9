import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStory } from '../testing/story-fixtures';

let story: Awaited<ReturnType<typeof startStory>>;
beforeAll(async () => {
  story = await startStory();
  expect(story.registered).toEqual([story.instanceId]);
});
afterAll(() => story?.dispose());

it('polls once for 200 subscribers, never twice within 2 s', { timeout: 30_000 }, async () => {
  await fetch(`${story.simulator.url}/_sim/requests`, { method: 'DELETE' });
  const controllers = Array.from({ length: 200 }, () => new AbortController());
  const iterators = controllers.map((controller) =>
    story.hub
      .subscribe({
        viewer: { role: 'admin' },
        instanceId: story.instanceId,
        after: null,
        signal: controller.signal,
      })
      [Symbol.asyncIterator](),
  );
  const snapshots = await Promise.all(iterators.map((iterator) => iterator.next()));
  expect(snapshots.every((r) => !r.done && r.value.kind === 'SessionSnapshot')).toBe(true);
  await story.sessions.restart(story.instanceId); // moving again: polled at the base interval
  await new Promise((resolve) => setTimeout(resolve, 9_000));
  for (const controller of controllers) {
    controller.abort();
  }
  const log = (await (
    await fetch(`${story.simulator.url}/_sim/requests?instance_id=${story.instanceId}`)
  ).json()) as {
    path: string;
    timestamp: number;
  }[];
  const infos = log
    .filter((entry) => entry.path.endsWith('/session/info'))
    .map((entry) => entry.timestamp);
  const gaps = infos.slice(1).map((t, i) => t - (infos[i] as number));
  // one poller's worth at most: 9 s at no less than 2 s apart
  expect(infos.length).toBeGreaterThanOrEqual(1);
  expect(infos.length).toBeLessThanOrEqual(5);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(2_000);
});
