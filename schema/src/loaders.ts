import { builder } from './builder';
import { ErrorCode, gatewayError } from './errors';
import type { InstanceRecord, SessionState } from './ports';

/** The one `NOT_FOUND` for instances: unknown and foreign ids must be indistinguishable. */
export function instanceNotFound() {
  return gatewayError(ErrorCode.NotFound, 'Instance not found.');
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The `SessionInfo` type, loadable by instance id through a per-request DataLoader: a field of this
 * type may resolve to an instance id, and every such id in one request costs one `getSession` call.
 */
export const SessionInfoRef = builder.loadableObjectRef<SessionState, string>('SessionInfo', {
  load: (instanceIds, ctx) =>
    Promise.all(instanceIds.map((id) => ctx.sessions.getSession(id).catch(asError))),
});

/**
 * The `Instance` type, loadable by instance id through a per-request DataLoader over
 * `directory.getInstances`; an unregistered id loads as {@link instanceNotFound}.
 */
export const InstanceRef = builder.loadableObjectRef<InstanceRecord, string>('Instance', {
  load: async (instanceIds, ctx) =>
    (await ctx.directory.getInstances(instanceIds)).map((record) => record ?? instanceNotFound()),
});

/** Replaces the request's cached session of `state.instanceId` after an operation changed it. */
export function rememberSession(ctx: object, state: SessionState): SessionState {
  SessionInfoRef.getDataloader(ctx).clear(state.instanceId).prime(state.instanceId, state);
  return state;
}

/** Replaces (or, with `null`, drops) the request's cached directory record of an instance. */
export function rememberInstance(ctx: object, instanceId: string, record: InstanceRecord | null) {
  const loader = InstanceRef.getDataloader(ctx).clear(instanceId);
  if (record) {
    loader.prime(instanceId, record);
  }
}
