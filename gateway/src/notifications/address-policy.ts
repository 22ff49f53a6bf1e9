import { BlockList, isIP } from 'node:net';

/** Why an address is not a public one; `null` from {@link classifyAddress} means public. */
export type AddressCategory =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'multicast'
  | 'broadcast';

/** What a notification target may be: both flags come from `GATEWAY_ALLOW_HTTP_NOTIFICATIONS=1`. */
export interface TargetPolicy {
  /** Allows plain `http`, and then only to a loopback address. */
  allowHttp?: boolean;
  /** Allows every non-public address (loopback, private, link-local, ...), for tests. */
  allowPrivate?: boolean;
}

/** The verdict of a policy check; `reason` is meant for the integrator to read. */
export type PolicyCheck = { ok: true } | { ok: false; reason: string };

type Range = [network: string, prefix: number];

const IPV4_RANGES: [AddressCategory, Range[]][] = [
  ['unspecified', [['0.0.0.0', 8]]],
  ['loopback', [['127.0.0.0', 8]]],
  [
    'private',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
  ],
  ['link-local', [['169.254.0.0', 16]]],
  ['carrier-grade NAT', [['100.64.0.0', 10]]],
  ['multicast', [['224.0.0.0', 4]]],
  ['broadcast', [['255.255.255.255', 32]]],
];

const IPV6_RANGES: [AddressCategory, Range[]][] = [
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  ['private', [['fc00::', 7]]],
  ['link-local', [['fe80::', 10]]],
  ['multicast', [['ff00::', 8]]],
];

function blockLists(ranges: [AddressCategory, Range[]][], type: 'ipv4' | 'ipv6') {
  return ranges.map(([category, subnets]) => {
    const list = new BlockList();
    for (const [network, prefix] of subnets) {
      list.addSubnet(network, prefix, type);
    }
    return { category, list };
  });
}

const IPV4_LISTS = blockLists(IPV4_RANGES, 'ipv4');
const IPV6_LISTS = blockLists(IPV6_RANGES, 'ipv6');

/** The canonical (WHATWG) form of `::ffff:a.b.c.d` is `::ffff:x:y`. */
const MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/** Drops brackets and a zone id (`fe80::1%eth0`), which lookups may return. */
function bareAddress(address: string): string {
  const unbracketed = address.startsWith('[') ? address.slice(1, -1) : address;
  const zone = unbracketed.indexOf('%');
  return (zone === -1 ? unbracketed : unbracketed.slice(0, zone)).toLowerCase();
}

/** The IPv4 address inside an IPv4-mapped IPv6 address, else `null`. */
export function mappedIpv4(address: string): string | null {
  const bare = bareAddress(address);
  if (isIP(bare) !== 6) {
    return null;
  }
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const match = MAPPED.exec(canonical);
  if (!match) {
    return null;
  }
  const high = Number.parseInt(match[1] ?? '0', 16);
  const low = Number.parseInt(match[2] ?? '0', 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * Classifies an IP address (v4, v6 with or without brackets or zone id, IPv4-mapped v6 by the
 * IPv4 address it maps). Returns `null` for a public address; throws on something that is not an
 * IP address.
 */
export function classifyAddress(address: string): AddressCategory | null {
  const bare = bareAddress(address);
  const family = isIP(bare);
  if (family === 0) {
    throw new TypeError(`${address} is not an IP address`);
  }
  const mapped = mappedIpv4(bare);
  if (mapped) {
    return classifyAddress(mapped);
  }
  const lists = family === 4 ? IPV4_LISTS : IPV6_LISTS;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return lists.find(({ list }) => list.check(bare, type))?.category ?? null;
}

function describeAddress(address: string): string {
  const mapped = mappedIpv4(address);
  return mapped ? `${bareAddress(address)} (IPv4-mapped ${mapped})` : bareAddress(address);
}

function article(category: AddressCategory): string {
  return category === 'unspecified' ? 'an' : 'a';
}

/**
 * Checks one address a notification would be sent to (a literal host, or each address its name
 * resolved to): `http` only to loopback, non-public addresses only with `allowPrivate`.
 * `hostname`, when the address came from a lookup, names it in the reason.
 */
export function checkAddress(
  address: string,
  protocol: 'http:' | 'https:',
  policy: TargetPolicy,
  hostname?: string,
): PolicyCheck {
  const category = classifyAddress(address);
  const subject = hostname
    ? `${hostname} resolved to ${describeAddress(address)}, which`
    : describeAddress(address);
  if (protocol === 'http:' && category !== 'loopback') {
    return {
      ok: false,
      reason: `plain http is only allowed to a loopback address; ${subject} is not one`,
    };
  }
  if (category && !policy.allowPrivate) {
    return { ok: false, reason: `${subject} is ${article(category)} ${category} address` };
  }
  return { ok: true };
}

/**
 * The syntactic check of a notification target URL, made when an endpoint is created (and again
 * before each delivery): `https` (or `http` with `allowHttp`), no credentials in the URL, and a
 * literal IP host must pass {@link checkAddress}. A host name is only checked once resolved, by
 * `safePost`.
 */
export function checkTargetUrl(url: string, policy: TargetPolicy): PolicyCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  const { protocol } = parsed;
  if (protocol !== 'https:' && protocol !== 'http:') {
    return { ok: false, reason: `${protocol} URLs are not allowed; use https` };
  }
  if (protocol === 'http:' && !policy.allowHttp) {
    return { ok: false, reason: 'plain http is not allowed; use https' };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'the URL must not contain credentials (user:password@)' };
  }
  const host = bareAddress(parsed.hostname);
  if (!host) {
    return { ok: false, reason: 'the URL has no host' };
  }
  return isIP(host) ? checkAddress(host, protocol, policy) : { ok: true };
}
