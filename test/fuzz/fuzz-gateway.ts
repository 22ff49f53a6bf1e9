/**
 * The gateway one fuzz file runs against: in-memory database, embedded simulator with a canary
 * access token, a canary admin key, a tenant with a key and one instance, a spare tenant whose
 * keys may be revoked by the fuzzer. Instances have jobs so fuzzed operations on valid ids do not
 * disturb each other:
 *
 * | instance | job |
 * | --- | --- |
 * | `ids[0]` | the tenant's; only read |
 * | `ids[1]` | read, and the only valid id for pairing codes ({@link startScanning} shows a QR) |
 * | `ids[2]` | the valid id for `registerInstance` and `assignInstance` |
 * | `ids[3]` | the valid id for session actions (`startSession`, `logout`, …) |
 */
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import type { Leftovers } from '../utils/leftovers';
import { waitFor } from '../utils/wait';
import type { Secret } from './checks';

// Plain alphanumerics, so a leak in any encoding would show them verbatim.
export const ADMIN_CANARY = 'FuzzAdminCanary3b7e19c4d2a8f6051e';
export const TOKEN_CANARY = 'FuzzWawpTokenCanary8c1f4e2d9b7a3065';

/** Who a request acts as. */
export type AuthKind = 'admin' | 'tenant' | 'none';

export interface FuzzGateway {
  h: Harness;
  url: string;
  /** The simulator's instances, all registered (`ids[0]` is the tenant's). */
  ids: string[];
  tenantId: string;
  tenantKey: string;
  /** A tenant that may be renamed, given keys and have keys revoked by the fuzzer. */
  spareTenantId: string;
  /** Ids of the spare tenant's keys (valid targets for `revokeApiKey`). */
  spareKeyIds: string[];
  /** What no response may show. */
  secrets: Secret[];
  /** The `Authorization` value of `kind`, or null. */
  authorization(kind: AuthKind): string | null;
}

/** Starts the gateway of one fuzz file (stopped by `leftovers`) and creates its tenants. */
export async function startFuzzGateway(leftovers: Leftovers): Promise<FuzzGateway> {
  const h = leftovers.add(
    await startGateway({
      config: { adminKey: ADMIN_CANARY, logLevel: 'warn' },
      // Time ×10: Wawp's status gate waits at most 0.5 s (a read of a STOPPED session's screenshot
      // must not look like a hang), a session shows QR codes for 16 s. The canary token.
      simulator: { accessToken: TOKEN_CANARY, instances: 4, timeScale: 10 },
      // Every fuzzed call maps to exactly one answer: one attempt, a breaker that never opens.
      wawp: {
        timeouts: { readMs: 3_000, actionMs: 3_000 },
        retry: { maxAttempts: 1 },
        breaker: { minimumCalls: 100_000 },
      },
    }),
    (harness) => harness.stop(),
  );
  const ids = h.gateway.simulator!.instanceIds();
  const admin = <T>(query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(h.url, ADMIN_CANARY, query, variables).then(dataOf);

  const createTenant = async (name: string) =>
    (
      await admin<{ createTenant: { id: string } }>(
        'mutation($n: String!) { createTenant(name: $n) { id } }',
        { n: name },
      )
    ).createTenant.id;
  const issueKey = async (tenantId: string) =>
    (
      await admin<{ issueApiKey: { id: string; key: string } }>(
        'mutation($t: ID!) { issueApiKey(tenantId: $t) { id key } }',
        { t: tenantId },
      )
    ).issueApiKey;

  const tenantId = await createTenant('Fuzz Tenant');
  const tenantKey = (await issueKey(tenantId)).key;
  const spareTenantId = await createTenant('Fuzz Spare');
  const spareKeyIds = [(await issueKey(spareTenantId)).id, (await issueKey(spareTenantId)).id];
  await admin(
    'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
    {
      id: ids[0],
      t: tenantId,
    },
  );
  const simHost = new URL(h.simUrl).host;
  return {
    h,
    url: h.url,
    ids,
    tenantId,
    tenantKey,
    spareTenantId,
    spareKeyIds,
    secrets: [
      { name: 'the admin key', value: ADMIN_CANARY },
      { name: 'the Wawp access token', value: TOKEN_CANARY },
      { name: "the fuzz tenant's key", value: tenantKey },
      { name: "the simulator's address", value: simHost },
    ],
    authorization: (kind) =>
      kind === 'admin'
        ? `Bearer ${ADMIN_CANARY}`
        : kind === 'tenant'
          ? `Bearer ${tenantKey}`
          : null,
  };
}

/** Starts the session of `id` and waits until it shows a QR code (for 16 s, then FAILED). */
export async function startScanning(g: FuzzGateway, id: string): Promise<void> {
  const admin = <T>(query: string) => gql<T>(g.url, ADMIN_CANARY, query, { id }).then(dataOf);
  await admin('mutation($id: ID!) { startSession(instanceId: $id) { status } }');
  await waitFor(
    async () =>
      (
        await admin<{ sessionInfo: { status: string } }>(
          'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
        )
      ).sessionInfo.status === 'SCAN_QR_CODE',
    20_000,
    250,
  );
}

/** The gateway still answers: `{ __typename }` over HTTP and `/healthz`. */
export async function stillHealthy(url: string): Promise<{ typename: unknown; health: unknown }> {
  const typename = await gql(url, ADMIN_CANARY, '{ __typename }');
  const health = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
  return { typename: typename.data, health: { status: health.status, body: await health.json() } };
}

/** A gauge of `/metrics` (e.g. `wawp_subscribers`), or NaN. */
export async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? Number.NaN);
}

/**
 * The gateway's error-level log lines (pino level ≥ 50), grouped by message with a count: what
 * the fuzzer made go wrong inside, for the report.
 */
export function errorLogSummary(logs: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of logs) {
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string };
        args?: { message?: string }[];
      };
      if ((entry.level ?? 0) >= 50) {
        const detail = entry.err?.message ?? entry.args?.find((arg) => arg?.message)?.message;
        const key = `${entry.msg ?? ''}${detail ? ` — ${detail}` : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    } catch {
      // not a JSON line
    }
  }
  return [...counts].map(([key, count]) => `${count}× ${key.slice(0, 300)}`);
}
