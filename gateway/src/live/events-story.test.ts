import type { SessionEvent } from '@wawp-gateway/schema';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labelOf, nextEvents } from '../testing';
import { startStory } from '../testing/story-fixtures';

let story: Awaited<ReturnType<typeof startStory>>;
beforeAll(async () => {
  story = await startStory();
  expect(story.registered).toEqual([story.instanceId]);
});
afterAll(() => story?.dispose());

it('follows a whole QR login, a logout and an unlink through events only', {
  timeout: 60_000,
}, async () => {
  const it = story.hub
    .subscribe({ viewer: { role: 'admin' }, instanceId: story.instanceId, after: null })
    [Symbol.asyncIterator]();
  const seen: SessionEvent[] = [];
  await nextEvents(it, () => seen.length === 1, { seen: seen, timeoutMs: 20_000 });
  expect(seen[0]).toMatchObject({ kind: 'SessionSnapshot', session: { status: 'STOPPED' } });

  await story.sessions.start(story.instanceId);
  const qrs = () =>
    new Set(seen.flatMap((e) => (e.kind === 'QrCodeUpdated' ? [e.qrCode.value] : [])));
  await nextEvents(it, () => qrs().size >= 2, { seen: seen, timeoutMs: 20_000 });
  expect(seen.map(labelOf).slice(1, 3)).toEqual(['STARTING', 'SCAN_QR_CODE']);

  await story.phone('scan', { pushName: 'Story' });
  await nextEvents(it, () => seen.some((e) => e.kind === 'SessionAuthenticated'), {
    seen: seen,
    timeoutMs: 20_000,
  });
  expect(seen.map(labelOf).slice(-2)).toEqual(['WORKING', 'SessionAuthenticated']);

  await story.sessions.logout(story.instanceId);
  await nextEvents(it, () => seen.some((e) => e.kind === 'SessionDisconnected'), {
    seen: seen,
    timeoutMs: 20_000,
  });
  expect(seen.map(labelOf)).toContain('Disconnected:LOGGED_OUT');

  await nextEvents(it, () => labelOf(seen[seen.length - 1] as SessionEvent) === 'QrCodeUpdated', {
    seen: seen,
    timeoutMs: 20_000,
  });
  await story.phone('scan', {});
  await nextEvents(it, () => seen.filter((e) => e.kind === 'SessionAuthenticated').length === 2, {
    seen: seen,
    timeoutMs: 20_000,
  });
  await story.phone('unlink');
  await nextEvents(
    it,
    () => seen.some((e) => e.kind === 'SessionDisconnected' && e.reason === 'DEVICE_UNLINKED'),
    { seen: seen, timeoutMs: 20_000 },
  );
  const cursors = seen.slice(1).map((e) => Number(e.cursor));
  expect(cursors).toEqual([...new Set(cursors)].sort((a, b) => a - b));
  await it.return?.();
});
