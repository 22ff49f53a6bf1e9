import { quotaReached } from './errors';
import type { AccountHandler, InstanceHandler } from './route-types';
import { NO_STORE } from './route-types';
import { toSessionDto, toSessionInfo, visibleMe } from './session-dto';

/** `POST /v2/session/create`: a new STOPPED instance (see https://api.wawp.net/en/docs/v2/session/create). */
export const createSession: AccountHandler = ({ deps }) => {
  if (deps.store.size >= deps.quota) {
    throw quotaReached(deps.quota);
  }
  const instance = deps.store.create();
  deps.logger.info({ instance_id: instance.id }, 'instance created');
  return {
    body: {
      instance_id: instance.id,
      session_name: instance.sessionName,
      server_name: instance.serverName,
      status: instance.status,
    },
  };
};

const action =
  (run: (deps: Parameters<InstanceHandler>[0]) => void): InstanceHandler =>
  (ctx) => {
    run(ctx);
    return { body: toSessionDto(ctx.instance, ctx.deps.userId) };
  };

export const startSession = action(({ deps, instance }) => deps.machine.start(instance));
export const stopSession = action(({ deps, instance }) => deps.machine.stop(instance));
export const restartSession = action(({ deps, instance }) => deps.machine.restart(instance));
export const logoutSession = action(({ deps, instance }) => deps.machine.logout(instance));

/** `DELETE /v2/session/delete`: stops the session and forgets the instance; later calls 404. */
export const deleteSession: InstanceHandler = ({ deps, instance }) => {
  deps.machine.stop(instance);
  deps.store.remove(instance.id);
  deps.pollFloor.forget(instance.id);
  deps.logger.info({ instance_id: instance.id }, 'instance deleted');
  return { body: { instance_id: instance.id, deleted: true } };
};

export const sessionInfo: InstanceHandler = async ({ deps, instance }) => ({
  body: await toSessionInfo(instance, deps.userId),
  headers: NO_STORE,
});

/** `GET /v2/session/me`: JSON `null` unless WORKING (see https://api.wawp.net/en/docs/v2/session/me). */
export const sessionMe: InstanceHandler = ({ instance }) => ({ body: visibleMe(instance) });
