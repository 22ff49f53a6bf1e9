import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { SchemaContext } from '../context';
import { rememberSession, SessionInfoRef } from '../loaders';
import type { SessionState, SessionsPort } from '../ports';

type Operation = keyof Pick<SessionsPort, 'start' | 'stop' | 'restart' | 'logout'>;

const OPERATIONS: Record<
  string,
  { operation: Operation; description: string; forLinks?: boolean }
> = {
  startSession: {
    operation: 'start',
    description: 'Starts the session; it goes STARTING, then SCAN_QR_CODE or WORKING.',
    // an end user linking their phone through a connect link starts it
    forLinks: true,
  },
  stopSession: {
    operation: 'stop',
    description: 'Stops the session without unlinking the WhatsApp account.',
  },
  restartSession: {
    operation: 'restart',
    description: 'Stops and starts the session, keeping its link to WhatsApp.',
  },
  logout: {
    operation: 'logout',
    description: 'Unlinks the WhatsApp account from the session; it needs a new QR or code.',
  },
};

async function run(ctx: SchemaContext, instanceId: string, operation: Operation) {
  await assertVisibleInstance(ctx, instanceId);
  const state: SessionState = await ctx.sessions[operation](instanceId);
  // Later reads in this request must see the new state, not the one cached before.
  return rememberSession(ctx, state);
}

for (const [name, { operation, description, forLinks }] of Object.entries(OPERATIONS)) {
  builder.mutationField(name, (t) =>
    t.field({
      type: SessionInfoRef,
      description: `${description} Returns the session as Wawp reports it afterwards.`,
      authScopes: forLinks ? { authenticated: true, link: true } : { authenticated: true },
      args: instanceIdArgs,
      resolve: (_root, { instanceId }, ctx) => run(ctx, instanceId, operation),
    }),
  );
}
