/**
 * The integrator example, run for real: the typed client from `./client` with the documents of
 * `./operations` (typed by codegen from `schema/schema.graphql`) against a gateway that uses the
 * simulator. If the SDL changes incompatibly, `pnpm codegen` + typecheck fail here first.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import { createGatewayClient, type GatewayClient, GatewayRequestError } from './client';
import type { SessionStatus } from './gql/graphql';
import { InstancesQuery, QrCodeQuery, SessionInfoQuery, StartSessionMutation } from './operations';

const leftovers = createLeftovers();
let h: Harness;
let client: GatewayClient;
let instanceId: string;

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      simulator: { timeScale: 5, instances: 2 },
      config: { logLevel: 'warn' },
    }),
    (harness) => harness.stop(),
  );
  // What an operator does once: a tenant, one of its instances, and a key for the frontend team.
  const admin = (query: string, variables?: Record<string, unknown>) =>
    gql<Record<string, { id: string; key: string }>>(h.url, h.adminKey, query, variables).then(
      dataOf,
    );
  const tenantId = (await admin('mutation { createTenant(name: "Frontend team") { id } }'))
    .createTenant!.id;
  instanceId = h.gateway.simulator!.instanceIds()[0]!;
  await admin(
    'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
    {
      id: instanceId,
      t: tenantId,
    },
  );
  const { key } = (
    await admin('mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }', { t: tenantId })
  ).issueApiKey!;

  client = createGatewayClient({ url: h.url, apiKey: key });
});

afterAll(() => leftovers.disposeAll());

describe('the integrator client', () => {
  it('lists what the tenant key may see, typed', async () => {
    const data = await client.execute(InstancesQuery);
    expectTypeOf(data.instances[0]!.session.status).toEqualTypeOf<SessionStatus>();
    expect(data.viewer.role).toBe('TENANT');
    expect(data.instances).toEqual([{ instanceId, label: null, session: { status: 'STOPPED' } }]);
  });

  it('reads sessionInfo, typed', async () => {
    const { sessionInfo } = await client.execute(SessionInfoQuery, { instanceId });
    expectTypeOf(sessionInfo.status).toEqualTypeOf<SessionStatus>();
    expectTypeOf(sessionInfo.me).toEqualTypeOf<{ id: string; pushName: string | null } | null>();
    expect(sessionInfo).toMatchObject({ instanceId, status: 'STOPPED', me: null, stale: false });
  });

  it('starts the session and follows it to a scannable QR code, then WORKING', async () => {
    const { startSession } = await client.execute(StartSessionMutation, { instanceId });
    expect(startSession).toEqual({ instanceId, status: 'STARTING' });

    const qr = await waitFor(
      async () => (await client.execute(QrCodeQuery, { instanceId })).qrCode,
      15_000,
      250,
    );
    expect(qr.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    // The phone scans it (the simulator's control surface plays the phone).
    await simControl(h.simUrl).scan(instanceId, { pushName: 'Integrator' });
    const working = await waitFor(
      async () => {
        const { sessionInfo } = await client.execute(SessionInfoQuery, { instanceId });
        return sessionInfo.status === 'WORKING' ? sessionInfo : null;
      },
      15_000,
      250,
    );
    expect(working.me?.pushName).toBe('Integrator');
  });

  it('turns GraphQL errors into a typed GatewayRequestError', async () => {
    const failure = await client
      .execute(SessionInfoQuery, { instanceId: 'NOT-MINE' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayRequestError);
    expect((failure as GatewayRequestError).code).toBe('NOT_FOUND');
    expect((failure as GatewayRequestError).httpStatus).toBe(404);
  });
});
