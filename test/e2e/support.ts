/**
 * Shared set-up of the API e2e tests (`instances`, `qr-login`, `pairing-codes`,
 * `tenants-and-keys`, `error-table`): together they run every Query and Mutation of
 * `schema/schema.graphql` over real HTTP with the admin key, and every code of the gateway's error
 * table (`schema/src/protocol/error-codes.ts`), against a gateway running the embedded simulator.
 *
 * The gateway never reads one instance's status twice within 2 s, so a read right after an action
 * sees the action's answer; tests that wait for a later status poll `sessionInfo` with
 * `waitForStatus`.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, firstError, type GqlResult, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { type SimControl, simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';

/** A session as the API tests select it ({@link SESSION}). */
export interface Session {
  instanceId: string;
  status: string;
  me: { id: string; pushName: string | null } | null;
  observedAt: string;
  stale: boolean;
}
/** The selection of a {@link Session}. */
export const SESSION = 'instanceId status me { id pushName } observedAt stale';

type Data = Record<string, never>;

/** Asserts one error with exactly this code (and the HTTP status the error table gives it). */
export function expectError(result: GqlResult<unknown>, code: string, httpStatus?: number) {
  expect(
    result.errors?.map((e) => e.extensions?.code),
    result.raw,
  ).toEqual([code]);
  if (httpStatus !== undefined) {
    expect(result.status).toBe(httpStatus);
  }
  return firstError(result);
}

/**
 * The gateway of one API test file, started in `beforeAll` and stopped in `afterAll`: the
 * embedded simulator at time scale 5 with ten instances, each used by one group of tests so their
 * states do not mix; one attempt per Wawp read and a breaker that never opens, so each fault maps
 * to exactly one code. `h`, `sim` and `ids` are there once `beforeAll` has run; the helpers call
 * the API with the admin key.
 */
export function useApiGateway() {
  const leftovers = createLeftovers();
  let harness: Harness | null = null;
  let control: SimControl | null = null;
  let instanceIds: string[] = [];

  const started = () => {
    if (!harness) {
      throw new Error('the API gateway starts in beforeAll');
    }
    return harness;
  };

  beforeAll(async () => {
    harness = leftovers.add(
      await startGateway({
        simulator: { timeScale: 5, instances: 10 },
        config: { logLevel: 'info' },
        // One attempt per read and a breaker that never opens: each fault maps to exactly one code.
        wawp: { retry: { maxAttempts: 1 }, breaker: { minimumCalls: 100_000 } },
      }),
      (h) => h.stop(),
    );
    control = simControl(harness.simUrl);
    instanceIds = harness.gateway.simulator!.instanceIds();
    expect(instanceIds).toHaveLength(10);
    // The gateway registers its webhook on every instance after it starts: let that finish, so
    // the simulator's request log of each instance holds only what the tests caused. The last
    // request of a registration is the `session/webhook` read that follows `webhook/set`.
    const sim = control;
    await waitFor(async () => {
      const requests = await sim.requests();
      const finished = new Set<string | null>();
      const set = new Set<string | null>();
      for (const r of requests) {
        if (r.path === '/v2/webhook/set' && r.status < 300) {
          set.add(r.instance_id);
        } else if (r.path === '/v2/session/webhook' && set.has(r.instance_id)) {
          finished.add(r.instance_id);
        }
      }
      return instanceIds.every((id) => finished.has(id));
    });
  });

  afterAll(() => leftovers.disposeAll());

  const admin = <T = Data>(query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(started().url, started().adminKey, query, variables);
  /** `sessionInfo` of `id` with `key` (the admin key by default). */
  const sessionInfo = (id: string, key: string | null = started().adminKey) =>
    gql<{ sessionInfo: Session }>(
      started().url,
      key,
      `query($id: ID!) { sessionInfo(instanceId: $id) { ${SESSION} } }`,
      { id },
    );
  /** Runs the session mutation `name` on `id` and returns the session it answers with. */
  const action = async (name: string, id: string) =>
    dataOf(
      await admin<Record<string, Session>>(
        `mutation($id: ID!) { ${name}(instanceId: $id) { ${SESSION} } }`,
        { id },
      ),
    )[name]!;
  /** Polls `sessionInfo` (each read at most every 2 s) until the gateway reports `status`. */
  const waitForStatus = (id: string, status: string, timeoutMs = 20_000) =>
    waitFor(
      async () => {
        const result = await sessionInfo(id);
        return result.data?.sessionInfo.status === status ? result.data.sessionInfo : null;
      },
      timeoutMs,
      250,
    );
  const requestPairingCode = (id: string, phoneNumber: string) =>
    admin<{ requestPairingCode: { code: string; expiresAt: string | null } }>(
      'mutation($id: ID!, $phone: String!) { requestPairingCode(instanceId: $id, phoneNumber: $phone) { code expiresAt } }',
      { id, phone: phoneNumber },
    );
  const qrCode = (id: string) =>
    admin<{ qrCode: { value: string; imageDataUrl: string; expiresAt: string | null } | null }>(
      'query($id: ID!) { qrCode(instanceId: $id) { value imageDataUrl expiresAt } }',
      { id },
    );
  const createInstance = async (label: string | null = null, tenantId: string | null = null) =>
    dataOf(
      await admin<{ createInstance: { instanceId: string; label: string | null } }>(
        'mutation($label: String, $tenantId: ID) { createInstance(label: $label, tenantId: $tenantId) { instanceId label tenantId } }',
        { label, tenantId },
      ),
    ).createInstance;

  return {
    /** What the file starts besides the gateway, disposed before it. */
    leftovers,
    get h(): Harness {
      return started();
    },
    get sim(): SimControl {
      started();
      return control!;
    },
    /** The simulator's instances. */
    get ids(): string[] {
      started();
      return instanceIds;
    },
    admin,
    sessionInfo,
    action,
    waitForStatus,
    requestPairingCode,
    qrCode,
    createInstance,
  };
}
