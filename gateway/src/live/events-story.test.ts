import type { SessionEvent } from '@wawp-gateway/schema';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { label, startStory, until } from '../testing/story-fixtures';

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
  await until(it, seen, () => seen.length === 1);
  expect(seen[0]).toMatchObject({ kind: 'SessionSnapshot', session: { status: 'STOPPED' } });

  await story.sessions.start(story.instanceId);
  const qrs = () =>
    new Set(seen.flatMap((e) => (e.kind === 'QrCodeUpdated' ? [e.qrCode.value] : [])));
  await until(it, seen, () => qrs().size >= 2);
  expect(seen.map(label).slice(1, 3)).toEqual(['STARTING', 'SCAN_QR_CODE']);

  await story.phone('scan', { pushName: 'Story' });
  await until(it, seen, () => seen.some((e) => e.kind === 'SessionAuthenticated'));
  expect(seen.map(label).slice(-2)).toEqual(['WORKING', 'SessionAuthenticated']);

  await story.sessions.logout(story.instanceId);
  await until(it, seen, () => seen.some((e) => e.kind === 'SessionDisconnected'));
  expect(seen.map(label)).toContain('Disconnected:LOGGED_OUT');

  await until(it, seen, () => label(seen[seen.length - 1] as SessionEvent) === 'QrCodeUpdated');
  await story.phone('scan', {});
  await until(it, seen, () => seen.filter((e) => e.kind === 'SessionAuthenticated').length === 2);
  await story.phone('unlink');
  await until(it, seen, () =>
    seen.some((e) => e.kind === 'SessionDisconnected' && e.reason === 'DEVICE_UNLINKED'),
  );
  const cursors = seen.slice(1).map((e) => Number(e.cursor));
  expect(cursors).toEqual([...new Set(cursors)].sort((a, b) => a - b));
  await it.return?.();
});
