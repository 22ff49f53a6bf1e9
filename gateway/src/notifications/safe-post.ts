import { lookup as dnsLookup } from 'node:dns/promises';
import { type IncomingMessage, type OutgoingHttpHeaders, request } from 'node:http';
import { isIP, connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { connect as tlsConnect } from 'node:tls';
import { checkAddress, checkTargetUrl, type TargetPolicy } from './address-policy';

export { checkTargetUrl, type PolicyCheck, type TargetPolicy } from './address-policy';

/** At most this much of a response body is read; the rest is never received. */
export const MAX_RESPONSE_BODY_BYTES = 4096;

/** The total time a delivery may take (lookup, connection, TLS, request and response body). */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** The already-checked place a delivery connects to. */
export interface ConnectTarget extends ResolvedAddress {
  protocol: 'http:' | 'https:';
  port: number;
  /** The TLS server name (SNI, and the name the certificate must carry); absent for an IP host. */
  servername?: string;
}

/** Opens the socket (TLS already set up for `https:`) to a checked address. */
export type Connect = (target: ConnectTarget) => Duplex;

/** How {@link safePost} may deliver; the flags are those of {@link TargetPolicy}. */
export interface SafePostOptions extends TargetPolicy {
  /** The total timeout in milliseconds; {@link DEFAULT_TIMEOUT_MS} when absent. */
  timeoutMs?: number;
  /** Resolves a host name to all its addresses; `dns.promises.lookup` with `{ all: true }` by default. */
  lookup?: (hostname: string) => Promise<ResolvedAddress[]>;
  /**
   * For tests: replaces the actual socket connection ({@link connectSocket} by default), e.g. to
   * observe that none was attempted. Never needed to keep tests on loopback: a refused target is
   * refused before any connection.
   */
  connect?: Connect;
}

/** What became of one delivery. */
export type SafePostResult =
  /** The endpoint answered; any status, a 3xx too (redirects are never followed). */
  | { kind: 'response'; status: number; body: string /* ≤ 4 KiB */ }
  /** The target is not allowed; nothing was sent. */
  | { kind: 'refused'; reason: string }
  /** A lookup or network error, the timeout, or TLS. */
  | { kind: 'failed'; reason: string };

async function systemLookup(hostname: string): Promise<ResolvedAddress[]> {
  const addresses = await dnsLookup(hostname, { all: true });
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

/** Connects by IP, so no second lookup can hand out an address that was not checked. */
export const connectSocket: Connect = ({ protocol, address, port, servername }) =>
  protocol === 'https:'
    ? tlsConnect({ host: address, port, servername, ALPNProtocols: ['http/1.1'] })
    : netConnect({ host: address, port });

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(error: unknown, signal: AbortSignal, timeoutMs: number): SafePostResult {
  if (signal.aborted) {
    return { kind: 'failed', reason: `timed out after ${timeoutMs} ms` };
  }
  const { message, code } = error as NodeJS.ErrnoException;
  const text = String(message ?? error);
  return { kind: 'failed', reason: code && !text.includes(code) ? `${text} (${code})` : text };
}

/** Looks the host up (unless it is an IP) and checks every address; the first one is used. */
async function resolveTarget(
  hostname: string,
  protocol: 'http:' | 'https:',
  options: SafePostOptions,
  signal: AbortSignal,
): Promise<ResolvedAddress | { kind: 'refused'; reason: string }> {
  const family = isIP(hostname);
  if (family) {
    return { address: hostname, family: family === 6 ? 6 : 4 };
  }
  const addresses = await abortable((options.lookup ?? systemLookup)(hostname), signal);
  if (addresses.length === 0) {
    throw new Error(`${hostname} did not resolve to any address`);
  }
  for (const { address } of addresses) {
    if (!isIP(address)) {
      return { kind: 'refused', reason: `${hostname} resolved to ${address}, not an IP address` };
    }
    const check = checkAddress(address, protocol, options, hostname);
    if (!check.ok) {
      return { kind: 'refused', reason: check.reason };
    }
  }
  return addresses[0]!;
}

async function readCapped(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).byteLength;
    if (size >= MAX_RESPONSE_BODY_BYTES) {
      // Leaving the loop destroys the response (and its socket): the rest is never received.
      const capped = Buffer.concat(chunks, size).subarray(0, MAX_RESPONSE_BODY_BYTES);
      // write() without end() keeps a character cut at the cap out of the text.
      return new StringDecoder('utf8').write(capped);
    }
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

function withoutHeaders(headers: Record<string, string>, names: string[]): OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())),
  );
}

function send(
  url: URL,
  target: ConnectTarget,
  body: string,
  headers: Record<string, string>,
  connect: Connect,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    // node:http serves https too here: `createConnection` hands it the TLS socket, and with it
    // no agent is used (no pooled socket connected elsewhere), and no redirect is ever followed.
    const outgoing = request({
      method: 'POST',
      path: `${url.pathname}${url.search}`,
      headers: {
        ...withoutHeaders(headers, ['host', 'content-length']),
        host: url.host,
        'content-length': Buffer.byteLength(body),
      },
      signal,
      createConnection: () => connect(target),
    });
    outgoing.on('response', resolve);
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * POSTs `body` with `headers` to an integrator's endpoint, safely: the URL must pass
 * {@link checkTargetUrl}, the host is resolved here and every address it resolves to must pass
 * the same policy, and the connection goes to that checked address (so DNS rebinding cannot
 * redirect it), with SNI and `Host` naming the original host. Redirects are not followed, at
 * most {@link MAX_RESPONSE_BODY_BYTES} of the answer are read, and the whole delivery is bounded
 * by `timeoutMs`. Never rejects.
 */
export async function safePost(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: SafePostOptions = {},
): Promise<SafePostResult> {
  const syntactic = checkTargetUrl(url, options);
  if (!syntactic.ok) {
    return { kind: 'refused', reason: syntactic.reason };
  }
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'http:' ? 'http:' : 'https:';
  const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const resolved = await resolveTarget(hostname, protocol, options, controller.signal);
    if ('kind' in resolved) {
      return resolved;
    }
    const target: ConnectTarget = {
      ...resolved,
      protocol,
      port: Number(parsed.port) || (protocol === 'https:' ? 443 : 80),
      ...(isIP(hostname) ? {} : { servername: hostname }),
    };
    const connect = options.connect ?? connectSocket;
    const response = await send(parsed, target, body, headers, connect, controller.signal);
    const text = await readCapped(response);
    return { kind: 'response', status: response.statusCode ?? 0, body: text };
  } catch (error) {
    return failure(error, controller.signal, timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}
