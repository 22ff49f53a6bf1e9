/**
 * The gateway on real Postgres (`TEST_DATABASE_URL`, by default 127.0.0.1:5432, database `test`):
 * the same small API flow as on PGlite, in a random schema that is dropped afterwards. Proves the
 * same code and migrations run on both engines, end to end, and that state survives a gateway
 * restart.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { createTestSchema, TEST_DATABASE_URL, type TestSchema } from '../utils/pg-schema';

const leftovers = createLeftovers();
let h: Harness;
let schema: string;
let pool: TestSchema['pool'];

const start = () =>
  startGateway({
    config: { databaseUrl: TEST_DATABASE_URL, logLevel: 'warn' },
    databaseSchema: schema,
    simulator: { timeScale: 20, instances: 2 },
  });

beforeAll(async () => {
  ({ schema, pool } = createTestSchema(leftovers, 'e2e_gw'));
  h = await start();
  leftovers.add(h, (harness) => harness.stop());
});

afterAll(() => leftovers.disposeAll());

let tenantId: string;
let key: string;

it('runs its migrations in the given Postgres schema', async () => {
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
    [schema],
  );
  const tables = rows.map((r) => r.table_name);
  expect(tables.length).toBeGreaterThan(0);
  expect(tables).toEqual(expect.arrayContaining(['tenants', 'api_keys', 'instances']));
});

it('createTenant, issueApiKey, assignInstance, instances and sessionInfo', async () => {
  const [instanceId] = h.gateway.simulator!.instanceIds() as [string];
  const tenant = await gql<{ createTenant: { id: string; name: string } }>(
    h.url,
    h.adminKey,
    'mutation { createTenant(name: "Postgres Co") { id name } }',
  );
  tenantId = dataOf(tenant).createTenant.id;
  const issued = await gql<{ issueApiKey: { key: string } }>(
    h.url,
    h.adminKey,
    'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
    { t: tenantId },
  );
  key = dataOf(issued).issueApiKey.key;
  dataOf(
    await gql(
      h.url,
      h.adminKey,
      'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
      { id: instanceId, t: tenantId },
    ),
  );

  const seen = await gql<{ instances: { instanceId: string; session: { status: string } }[] }>(
    h.url,
    key,
    '{ instances { instanceId tenantId session { status } } viewer { role tenantId } }',
  );
  expect(dataOf(seen)).toEqual({
    instances: [{ instanceId, tenantId, session: { status: 'STOPPED' } }],
    viewer: { role: 'TENANT', tenantId },
  });
  const info = await gql<{ sessionInfo: { instanceId: string; status: string } }>(
    h.url,
    key,
    'query($id: ID!) { sessionInfo(instanceId: $id) { instanceId status } }',
    { id: instanceId },
  );
  expect(dataOf(info).sessionInfo).toEqual({ instanceId, status: 'STOPPED' });

  // Rows are in Postgres, and the key only as a hash.
  const dump = await pool.query(`SELECT * FROM "${schema}".api_keys`);
  expect(dump.rows).toHaveLength(1);
  expect(JSON.stringify(dump.rows)).not.toContain(key);
});

it('keeps tenants, keys and assignments across a restart', async () => {
  await h.stop();
  h = await start();
  leftovers.add(h, (harness) => harness.stop());
  const seen = await gql<{ viewer: { tenantId: string }; instances: unknown[] }>(
    h.url,
    key,
    '{ viewer { tenantId } instances { instanceId } }',
  );
  expect(dataOf(seen).viewer.tenantId).toBe(tenantId);
  expect(dataOf(seen).instances).toHaveLength(1);
  const tenants = await gql<{ tenants: { name: string }[] }>(
    h.url,
    h.adminKey,
    '{ tenants { name } }',
  );
  expect(dataOf(tenants).tenants).toEqual([{ name: 'Postgres Co' }]);
});
