import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

/** A host name (lower case, IPv6 in brackets, no trailing dot) and its port, when one is given. */
export interface HostEntry {
  host: string;
  port: string | null;
}

const NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const IPV6 = /^[0-9a-f:.]+$/;
const PORT = /^\d{1,5}$/;

/**
 * Parses a `Host` header value or an allow-list entry: `name`, `name:port`, `1.2.3.4[:port]`,
 * `[::1][:port]`, or a bare IPv6 address (`::1`, entries only make sense without a port then).
 * Returns `null` when it is not one.
 */
export function parseHost(value: string): HostEntry | null {
  const text = value.trim().toLowerCase();
  let host: string;
  let port: string | null = null;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    const rest = text.slice(end + 1);
    if (end < 0 || !IPV6.test(text.slice(1, end)) || (rest !== '' && !rest.startsWith(':'))) {
      return null;
    }
    host = text.slice(0, end + 1);
    port = rest === '' ? null : rest.slice(1);
  } else if ((text.match(/:/g) ?? []).length > 1) {
    if (!IPV6.test(text)) {
      return null;
    }
    host = `[${text}]`;
  } else {
    const [name = '', givenPort] = text.split(':');
    host = name.endsWith('.') ? name.slice(0, -1) : name;
    port = givenPort ?? null;
    if (!NAME.test(host)) {
      return null;
    }
  }
  if (port !== null && (!PORT.test(port) || Number(port) > 65_535)) {
    return null;
  }
  return { host, port };
}

/** The text form of an entry, as `GatewayConfig.allowedHosts` lists it. */
export const formatHost = (entry: HostEntry) =>
  entry.port === null ? entry.host : `${entry.host}:${entry.port}`;

/** Loopback names, accepted by default (`127.x.y.z` is matched as a pattern, see below). */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** `HOST` values that listen on every interface and so name no host. */
const WILDCARDS = new Set(['0.0.0.0', '[::]']);

/** `HOST` as an allow-list entry, or `null` when it is a wildcard (or not a host). */
export function listenHostEntry(host: string): string | null {
  const entry = parseHost(host);
  return entry && !WILDCARDS.has(entry.host) ? formatHost(entry) : null;
}

const isLoopbackV4 = (host: string) =>
  /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) &&
  host.split('.').every((part) => Number(part) <= 255);

/**
 * Whether a request's `Host` is one the gateway answers to (DNS rebinding: a page of another
 * site whose name now resolves to this machine still sends its own name). An entry without a
 * port accepts any port; `127.x.y.z` is accepted whenever `127.0.0.1` is in the list. A missing
 * or malformed `Host` is refused.
 */
export function isAllowedHost(value: string | undefined, allowed: readonly string[]): boolean {
  const given = value === undefined ? null : parseHost(value);
  if (!given) {
    return false;
  }
  if (isLoopbackV4(given.host) && allowed.includes('127.0.0.1')) {
    return true;
  }
  return allowed.some((text) => {
    const entry = parseHost(text);
    return (
      entry !== null &&
      entry.host === given.host &&
      (entry.port === null || entry.port === given.port)
    );
  });
}

/** The body of a refused request: short, and naming no host. */
/** Host values whose verdict {@link createHostCheck} remembers, at most. */
const REMEMBERED_HOSTS = 256;

/**
 * {@link isAllowedHost} for one fixed allow-list, remembering the verdict of each `Host` value
 * seen (a pure function of the value and the list, which never changes): keep-alive clients send
 * the same `Host` on every request. Only short values are remembered, and at most
 * {@link REMEMBERED_HOSTS} of them, so made-up hosts cannot grow it.
 */
export function createHostCheck(
  allowed: readonly string[],
): (value: string | undefined) => boolean {
  const verdicts = new Map<string, boolean>();
  return (value) => {
    if (value === undefined) {
      return false;
    }
    const known = verdicts.get(value);
    if (known !== undefined) {
      return known;
    }
    const verdict = isAllowedHost(value, allowed);
    if (value.length <= 255) {
      if (verdicts.size >= REMEMBERED_HOSTS) {
        verdicts.clear();
      }
      verdicts.set(value, verdict);
    }
    return verdict;
  };
}

export const MISDIRECTED_BODY = JSON.stringify({
  errors: [{ message: 'Misdirected request: this gateway does not serve that Host' }],
});

/**
 * Refuses a WebSocket upgrade whose `Host` is not allowed with `421 Misdirected Request`, before
 * any other `upgrade` listener sees it (the graphql-ws one included): the server's `emit` is
 * wrapped, so a refused upgrade is never emitted at all.
 */
export function refuseMisdirectedUpgrades(server: Server, allowed: readonly string[]): void {
  const emit = server.emit.bind(server) as (event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex];
      if (!isAllowedHost(req.headers.host, allowed)) {
        socket.on('error', () => socket.destroy());
        socket.end(
          'HTTP/1.1 421 Misdirected Request\r\n' +
            'Content-Type: application/json\r\n' +
            `Content-Length: ${Buffer.byteLength(MISDIRECTED_BODY)}\r\n` +
            'Connection: close\r\n\r\n' +
            MISDIRECTED_BODY,
        );
        return true;
      }
    }
    return emit(event, ...args);
  }) as Server['emit'];
}
