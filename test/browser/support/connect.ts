import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { PNG } from 'pngjs';
import { dataOf, gql } from '../../utils/graphql-http';
import { TEST_DATABASE_URL } from '../../utils/pg-schema';
import type { GatewayProcess } from './gateway-process';

/** A tiny HTTP server on another loopback port: an integrator's page (return URL, widget host). */
export interface LoopbackSite {
  /** `http://127.0.0.1:<port>`, exactly as a browser writes the origin. */
  readonly origin: string;
  /** Every path the browser asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `render(path)` as HTML for every GET, on 127.0.0.1 and a free port. */
export async function startLoopbackSite(
  render: (path: string, origin: string) => string,
): Promise<LoopbackSite> {
  const requests: string[] = [];
  let origin = '';
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    requests.push(path);
    if (path === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(render(path, origin));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A small square PNG of one colour with a lighter inner square, as a data URL (a logo). */
export function pngDataUrl(size = 48, rgb: [number, number, number] = [0xe8, 0x5d, 0x04]): string {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const inner = x > size / 4 && x < (size * 3) / 4 && y > size / 4 && y < (size * 3) / 4;
      const i = (y * size + x) * 4;
      png.data[i] = inner ? 255 : rgb[0];
      png.data[i + 1] = inner ? 255 : rgb[1];
      png.data[i + 2] = inner ? 255 : rgb[2];
      png.data[i + 3] = 255;
    }
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/** The branding input of `updateTenantBranding`. */
export interface BrandingInput {
  displayName?: string | null;
  logoDataUrl?: string | null;
  accentColor?: string | null;
  supportUrl?: string | null;
  allowedReturnOrigins?: string[];
  allowedEmbedOrigins?: string[];
}

/** A tenant owning some instances, with a key and a branding. */
export interface ConnectTenant {
  tenantId: string;
  tenantKey: string;
}

/**
 * Creates a tenant, issues it a key, gives it `instanceIds` and sets its branding (as the tenant
 * itself), through the gateway's GraphQL API.
 */
export async function createBrandedTenant(
  gateway: GatewayProcess,
  options: { name: string; instanceIds: readonly string[]; branding: BrandingInput },
): Promise<ConnectTenant> {
  const admin = async <T>(query: string, variables: Record<string, unknown> = {}) =>
    dataOf(await gql<T>(gateway.url, gateway.key, query, variables));
  const { createTenant } = await admin<{ createTenant: { id: string } }>(
    'mutation($n: String!) { createTenant(name: $n) { id } }',
    { n: options.name },
  );
  const tenantId = createTenant.id;
  const { issueApiKey } = await admin<{ issueApiKey: { key: string } }>(
    'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
    { t: tenantId },
  );
  for (const id of options.instanceIds) {
    await admin(
      'mutation($i: ID!, $t: ID) { assignInstance(instanceId: $i, tenantId: $t) { tenantId } }',
      { i: id, t: tenantId },
    );
  }
  await setBranding(gateway, { tenantId, tenantKey: issueApiKey.key }, options.branding);
  return { tenantId, tenantKey: issueApiKey.key };
}

/** `updateTenantBranding` as the tenant (absent fields are cleared). */
export async function setBranding(
  gateway: GatewayProcess,
  tenant: ConnectTenant,
  branding: BrandingInput,
): Promise<void> {
  dataOf(
    await gql(
      gateway.url,
      tenant.tenantKey,
      `mutation($t: ID!, $input: TenantBrandingInput!) {
        updateTenantBranding(tenantId: $t, input: $input) { branding { displayName } }
      }`,
      { t: tenant.tenantId, input: branding },
    ),
  );
}

/** A link as `createConnectLink` returns it, with the token cut from its URL. */
export interface IssuedLink {
  id: string;
  url: string;
  token: string;
}

/** `createConnectLink` as the tenant. */
export async function createLink(
  gateway: GatewayProcess,
  tenant: ConnectTenant,
  instanceId: string,
  options: { returnUrl?: string; ttlMinutes?: number } = {},
): Promise<IssuedLink> {
  const { createConnectLink } = dataOf(
    await gql<{ createConnectLink: { id: string; url: string } }>(
      gateway.url,
      tenant.tenantKey,
      `mutation($id: ID!, $ttl: Int, $returnUrl: String) {
        createConnectLink(instanceId: $id, ttlMinutes: $ttl, returnUrl: $returnUrl) { id url }
      }`,
      { id: instanceId, ttl: options.ttlMinutes ?? 30, returnUrl: options.returnUrl ?? null },
    ),
  );
  const token = createConnectLink.url.split('/').at(-1) ?? '';
  if (!token.startsWith('wcl_')) {
    throw new Error(`unexpected link URL ${createConnectLink.url}`);
  }
  return { ...createConnectLink, token };
}

/** `revokeConnectLinks` as the tenant; resolves with how many were revoked. */
export async function revokeLinks(
  gateway: GatewayProcess,
  tenant: ConnectTenant,
  instanceId: string,
): Promise<number> {
  return dataOf(
    await gql<{ revokeConnectLinks: number }>(
      gateway.url,
      tenant.tenantKey,
      'mutation($id: ID!) { revokeConnectLinks(instanceId: $id) }',
      { id: instanceId },
    ),
  ).revokeConnectLinks;
}

/**
 * A database of its own on the test Postgres server (`TEST_DATABASE_URL`), for a gateway process
 * whose rows a test must change directly (e.g. a link's `expires_at`). `drop` ends the
 * connections left (`WITH (FORCE)`) and drops it.
 */
export async function createScratchDatabase(prefix = 'wawp_browser') {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const server = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE "${name}"`);
  } finally {
    await server.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.href;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  return {
    name,
    databaseUrl,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export type ScratchDatabase = Awaited<ReturnType<typeof createScratchDatabase>>;
