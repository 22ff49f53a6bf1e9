import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Connect,
  checkTargetUrl,
  connectSocket,
  MAX_RESPONSE_BODY_BYTES,
  type ResolvedAddress,
  safePost,
} from './safe-post';

// These tests only ever reach 127.0.0.1. Every other address (10.x, 169.254.169.254, ...) comes
// from a literal URL or an injected lookup, and the tests assert it is refused before `connect`.

/** What GATEWAY_ALLOW_HTTP_NOTIFICATIONS=1 gives: http and private addresses, for loopback tests. */
const LOOSE = { allowHttp: true, allowPrivate: true };

/** A self-signed certificate for hooks.example.test, valid 2000-2100, only for these tests. */
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOM8/Z3/aFffwBWOy
DCW6XjmayySjUSKed8m2FSReCRehRANCAARvdvIlRDhtnUAk6Pw7Y5H6F+3mFPZB
ILg1jJixcrY34ZPQ+m/rwcZthlnoS9JecXKiZC+3K7AytOQvKRkgYFsb
-----END PRIVATE KEY-----
`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBfDCCASKgAwIBAgIBATAKBggqhkjOPQQDAjAdMRswGQYDVQQDDBJob29rcy5l
eGFtcGxlLnRlc3QwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMB0x
GzAZBgNVBAMMEmhvb2tzLmV4YW1wbGUudGVzdDBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABG928iVEOG2dQCTo/DtjkfoX7eYU9kEguDWMmLFytjfhk9D6b+vBxm2G
WehL0l5xcqJkL7crsDK05C8pGSBgWxujUTBPMB0GA1UdEQQWMBSCEmhvb2tzLmV4
YW1wbGUudGVzdDAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBQ/0SgXHJLQCUYV
O2bLupJC1L+BijAKBggqhkjOPQQDAgNIADBFAiAmLYKhnVZj2Dgw3EV3ZXEYOBA6
fhx3alA7zC+pDXlLDAIhALfAH9nH/ZQO8WTUi8YYIRh+DEM5GVCNNFjx0IMZ+iT7
-----END CERTIFICATE-----
`;

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  servername?: string | false | null;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A loopback server that records every request it gets, then hands it to `handler`. */
async function serve(handler: Handler, tls = false) {
  const received: Received[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        servername: (req.socket as TLSSocket).servername,
      });
      handler(req, res);
    });
  };
  const server = tls
    ? createHttpsServer({ key: TEST_KEY, cert: TEST_CERT }, listener)
    : createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });
  return { port: (server.address() as AddressInfo).port, received };
}

const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, headers).end(body);
  };

function spies(addresses: ResolvedAddress[] = [{ address: '127.0.0.1', family: 4 }]) {
  return {
    connect: vi.fn<Connect>(connectSocket),
    lookup: vi.fn(async (_hostname: string) => addresses),
  };
}

describe('safePost to a loopback endpoint (http with allowHttp)', () => {
  it('POSTs the body and headers and returns status and body', async () => {
    const { port, received } = await serve(answer(200, 'thanks'));
    const result = await safePost(
      `http://127.0.0.1:${port}/hooks/wawp?x=1`,
      '{"event":"message"}',
      { 'content-type': 'application/json', 'x-wawp-signature': 'sig', Host: 'evil.example' },
      LOOSE,
    );
    expect(result).toEqual({ kind: 'response', status: 200, body: 'thanks' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/hooks/wawp?x=1',
      body: '{"event":"message"}',
      headers: {
        host: `127.0.0.1:${port}`,
        'content-type': 'application/json',
        'content-length': '19',
        'x-wawp-signature': 'sig',
      },
    });
  });

  it('returns a 500 as a response', async () => {
    const { port } = await serve(answer(500, 'boom'));
    const result = await safePost(`http://127.0.0.1:${port}/`, 'x', {}, LOOSE);
    expect(result).toEqual({ kind: 'response', status: 500, body: 'boom' });
  });

  it('does not follow a redirect', async () => {
    const { port, received } = await serve(answer(302, '', { location: '/elsewhere' }));
    const result = await safePost(`http://127.0.0.1:${port}/`, 'x', {}, LOOSE);
    expect(result).toEqual({ kind: 'response', status: 302, body: '' });
    expect(received).toHaveLength(1);
  });

  it('reads at most 4 KiB of a 1 MB body', async () => {
    const { port } = await serve(answer(200, 'a'.repeat(1024 * 1024)));
    const result = await safePost(`http://127.0.0.1:${port}/`, 'x', {}, LOOSE);
    expect(MAX_RESPONSE_BODY_BYTES).toBe(4096);
    expect(result).toEqual({ kind: 'response', status: 200, body: 'a'.repeat(4096) });
  });

  it('stops reading an endless body at 4 KiB instead of waiting for its end', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = 'b'.repeat(16 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
      };
      res.on('drain', pump);
      pump();
    });
    const started = Date.now();
    const result = await safePost(
      `http://127.0.0.1:${port}/`,
      'x',
      {},
      {
        ...LOOSE,
        timeoutMs: 5_000,
      },
    );
    expect(result).toEqual({ kind: 'response', status: 200, body: 'b'.repeat(4096) });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('cuts no character in half at the cap', async () => {
    const { port } = await serve(answer(200, `a${'é'.repeat(4096)}`));
    const result = await safePost(`http://127.0.0.1:${port}/`, 'x', {}, LOOSE);
    expect(result).toEqual({ kind: 'response', status: 200, body: `a${'é'.repeat(2047)}` });
  });

  it('fails with a timeout when the server never answers', async () => {
    const { port, received } = await serve(() => {});
    const started = Date.now();
    const result = await safePost(
      `http://127.0.0.1:${port}/`,
      'x',
      {},
      {
        ...LOOSE,
        timeoutMs: 300,
      },
    );
    const elapsed = Date.now() - started;
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 300 ms' });
    expect(received).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('fails with a timeout when the body stops halfway', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('partial');
    });
    const result = await safePost(
      `http://127.0.0.1:${port}/`,
      'x',
      {},
      { ...LOOSE, timeoutMs: 300 },
    );
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 300 ms' });
  });

  it('fails with a timeout when the lookup never ends', async () => {
    const connect = vi.fn<Connect>(connectSocket);
    const result = await safePost(
      'https://hooks.example.test/',
      'x',
      {},
      {
        timeoutMs: 200,
        lookup: () => new Promise(() => {}),
        connect,
      },
    );
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 200 ms' });
    expect(connect).not.toHaveBeenCalled();
  });

  it('fails when nothing listens', async () => {
    const { port } = await serve(answer(200));
    await Promise.all(closers.splice(0).map((close) => close()));
    const result = await safePost(`http://127.0.0.1:${port}/`, 'x', {}, LOOSE);
    expect(result).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('fails when the name does not resolve', async () => {
    const result = await safePost(
      'https://hooks.example.test/',
      'x',
      {},
      {
        lookup: async () => {
          throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.test'), {
            code: 'ENOTFOUND',
          });
        },
      },
    );
    expect(result).toEqual({ kind: 'failed', reason: 'getaddrinfo ENOTFOUND hooks.example.test' });
    const empty = await safePost(
      'https://hooks.example.test/',
      'x',
      {},
      { lookup: async () => [] },
    );
    expect(empty).toEqual({
      kind: 'failed',
      reason: 'hooks.example.test did not resolve to any address',
    });
  });

  it('connects to the address it checked, with Host naming the original host', async () => {
    const { port, received } = await serve(answer(204));
    const { connect, lookup } = spies([{ address: '127.0.0.1', family: 4 }]);
    const result = await safePost(
      `http://hooks.example.test:${port}/in`,
      'x',
      {},
      {
        ...LOOSE,
        lookup,
        connect,
      },
    );
    expect(result).toEqual({ kind: 'response', status: 204, body: '' });
    expect(lookup).toHaveBeenCalledExactlyOnceWith('hooks.example.test');
    expect(connect).toHaveBeenCalledExactlyOnceWith({
      protocol: 'http:',
      address: '127.0.0.1',
      family: 4,
      port,
      servername: 'hooks.example.test',
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.host).toBe(`hooks.example.test:${port}`);
  });
});

describe('safePost over TLS (loopback)', () => {
  it('verifies the certificate against the host name', async () => {
    const { port, received } = await serve(answer(200), true);
    const { lookup } = spies();
    const result = await safePost(
      `https://hooks.example.test:${port}/`,
      'x',
      {},
      {
        allowPrivate: true,
        lookup,
      },
    );
    expect(result).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/self-signed/) });
    expect(received).toHaveLength(0);
  });

  it('delivers with SNI and Host naming the host when the certificate is trusted', async () => {
    const { port, received } = await serve(answer(200, 'ok'), true);
    const { lookup } = spies();
    // the test's own connect only adds trust in the test certificate
    const connect = vi.fn<Connect>(({ address, port, servername }) =>
      tlsConnect({ host: address, port, servername, ca: TEST_CERT }),
    );
    const result = await safePost(
      `https://hooks.example.test:${port}/in`,
      'x',
      {},
      {
        allowPrivate: true,
        lookup,
        connect,
      },
    );
    expect(result).toEqual({ kind: 'response', status: 200, body: 'ok' });
    expect(received[0]?.servername).toBe('hooks.example.test');
    expect(received[0]?.headers.host).toBe(`hooks.example.test:${port}`);
  });
});

describe('safePost refuses before connecting', () => {
  async function expectRefused(
    url: string,
    options: Parameters<typeof safePost>[3],
    reason: string | RegExp,
  ) {
    const connect = vi.fn<Connect>(() => {
      throw new Error('must not connect');
    });
    const result = await safePost(url, 'x', {}, { ...options, connect });
    expect(result).toEqual({
      kind: 'refused',
      reason: typeof reason === 'string' ? reason : expect.stringMatching(reason),
    });
    expect(connect).not.toHaveBeenCalled();
  }

  it('refuses http to loopback without allowHttp', async () => {
    const { port, received } = await serve(answer(200));
    await expectRefused(
      `http://127.0.0.1:${port}/`,
      { allowPrivate: true },
      'plain http is not allowed; use https',
    );
    expect(received).toHaveLength(0);
  });

  it('refuses loopback without allowPrivate', async () => {
    await expectRefused('https://127.0.0.1/', {}, '127.0.0.1 is a loopback address');
    await expectRefused('https://[::1]/', {}, '::1 is a loopback address');
  });

  it('refuses literal private, link-local and IPv4-mapped addresses', async () => {
    await expectRefused(
      'http://10.0.0.1/',
      LOOSE,
      'plain http is only allowed to a loopback address; 10.0.0.1 is not one',
    );
    await expectRefused('http://10.0.0.1/', {}, 'plain http is not allowed; use https');
    await expectRefused('https://10.0.0.1/', {}, '10.0.0.1 is a private address');
    await expectRefused(
      'https://169.254.169.254/latest/meta-data',
      {},
      '169.254.169.254 is a link-local address',
    );
    await expectRefused(
      'https://[::ffff:10.0.0.1]/',
      {},
      '::ffff:a00:1 (IPv4-mapped 10.0.0.1) is a private address',
    );
  });

  it('refuses a name that resolves to a private address', async () => {
    const { lookup } = spies([{ address: '10.1.2.3', family: 4 }]);
    await expectRefused(
      'https://hooks.example.test/',
      { lookup },
      'hooks.example.test resolved to 10.1.2.3, which is a private address',
    );
    expect(lookup).toHaveBeenCalledOnce();
  });

  it('refuses a name when any of its addresses is refused', async () => {
    const mixed = spies([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    await expectRefused(
      'https://hooks.example.test/',
      { lookup: mixed.lookup },
      'hooks.example.test resolved to 10.0.0.1, which is a private address',
    );
    const loopbackFirst = spies([
      { address: '127.0.0.1', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    await expectRefused(
      'http://hooks.example.test/',
      { ...LOOSE, lookup: loopbackFirst.lookup },
      'plain http is only allowed to a loopback address; hooks.example.test resolved to 10.0.0.1, which is not one',
    );
    const mapped = spies([{ address: '::ffff:169.254.169.254', family: 6 }]);
    await expectRefused(
      'https://hooks.example.test/',
      { lookup: mapped.lookup },
      'hooks.example.test resolved to ::ffff:169.254.169.254 (IPv4-mapped 169.254.169.254), which is a link-local address',
    );
  });

  it('refuses what checkTargetUrl refuses', async () => {
    await expectRefused('ftp://hooks.example.test/', LOOSE, 'ftp: URLs are not allowed; use https');
    await expectRefused(
      'https://user:pw@hooks.example.test/',
      LOOSE,
      'the URL must not contain credentials (user:password@)',
    );
  });
});

describe('checkTargetUrl', () => {
  it('refuses credentials, other schemes and literal private addresses', () => {
    expect(checkTargetUrl('https://u:p@hooks.example.test/', LOOSE).ok).toBe(false);
    expect(checkTargetUrl('ftp://hooks.example.test/', LOOSE).ok).toBe(false);
    expect(checkTargetUrl('https://10.0.0.1/', {}).ok).toBe(false);
    expect(checkTargetUrl('https://hooks.example.test/', {})).toEqual({ ok: true });
  });
});
