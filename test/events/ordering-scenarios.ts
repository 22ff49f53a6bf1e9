/**
 * The session stories of the ordering matrix and the webhook faults each runs under. A story
 * brings an instance to its starting point (`prepare`, awaited until the stream shows it), then
 * makes Wawp move (`act`): through the gateway's mutations, as a user would, or through the
 * simulator's phone controls.
 */
import type { SimControl } from '../utils/simulator-control';
import { sessionAction } from './support';

/** What a story may use. */
export interface StoryContext {
  url: string;
  adminKey: string;
  sim: SimControl;
  id: string;
}

/** One story: where it starts, and what happens then. */
export interface Story {
  name: string;
  /** The status the instance must show before `act`. */
  from: 'WORKING' | 'SCAN_QR_CODE';
  act(ctx: StoryContext): Promise<unknown>;
}

const mutate = (ctx: StoryContext, field: string) =>
  sessionAction(ctx.url, ctx.adminKey, field as 'startSession' | 'logout', ctx.id);

const expectOk = async (answer: Promise<{ status: number }>, what: string) => {
  const { status } = await answer;
  if (status !== 200) {
    throw new Error(`${what} answered ${status}`);
  }
};

/** Logout, restart, stop/start, a dropped connection, an unlink and a QR that runs out. */
export const STORIES: Story[] = [
  { name: 'logout from WORKING', from: 'WORKING', act: (ctx) => mutate(ctx, 'logout') },
  { name: 'logout from SCAN_QR_CODE', from: 'SCAN_QR_CODE', act: (ctx) => mutate(ctx, 'logout') },
  { name: 'restart', from: 'WORKING', act: (ctx) => mutate(ctx, 'restartSession') },
  {
    name: 'stop, then start',
    from: 'WORKING',
    act: async (ctx) => {
      await mutate(ctx, 'stopSession');
      await mutate(ctx, 'startSession');
    },
  },
  {
    name: 'connection drop and reconnect',
    from: 'WORKING',
    act: (ctx) => expectOk(ctx.sim.drop(ctx.id), 'drop'),
  },
  { name: 'unlink', from: 'WORKING', act: (ctx) => expectOk(ctx.sim.unlink(ctx.id), 'unlink') },
  // nothing to do: the QRs rotate until they run out and the session FAILs
  { name: 'QR expiry to FAILED', from: 'SCAN_QR_CODE', act: async () => {} },
];

/** How the simulator delivers the story's webhooks. */
export const DELIVERIES: { name: string; fault: Record<string, unknown> | null }[] = [
  { name: 'webhooks on time', fault: null },
  { name: 'webhooks delayed by 1 s', fault: { webhookDelayMs: 1_000 } },
  { name: 'webhooks reordered in pairs', fault: { webhookReorder: true } },
  { name: 'webhooks dropped', fault: { webhookDrop: true } },
];

/**
 * True when `published` is a subsequence of `history`: every status appears in Wawp's history,
 * in Wawp's order (a status may be skipped, never revisited out of order).
 */
export function isSubsequence(published: readonly string[], history: readonly string[]): boolean {
  let at = 0;
  for (const status of published) {
    while (at < history.length && history[at] !== status) {
      at += 1;
    }
    if (at === history.length) {
      return false;
    }
    at += 1;
  }
  return true;
}
