import { describe, expect, it } from 'vitest';
import { checkAddress, checkTargetUrl, classifyAddress, mappedIpv4 } from './address-policy';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.255', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['0:0:0:0:0:FFFF:7F00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it('throws on what is not an IP address', () => {
    expect(() => classifyAddress('example.com')).toThrow(/not an IP address/);
  });
});

describe('mappedIpv4', () => {
  it('finds the IPv4 address in an IPv4-mapped IPv6 address, in any spelling', () => {
    expect(mappedIpv4('::ffff:a00:1')).toBe('10.0.0.1');
    expect(mappedIpv4('[::ffff:10.0.0.1]')).toBe('10.0.0.1');
    expect(mappedIpv4('0:0:0:0:0:ffff:0:0')).toBe('0.0.0.0');
    expect(mappedIpv4('::1')).toBeNull();
    expect(mappedIpv4('10.0.0.1')).toBeNull();
  });
});

describe('checkAddress', () => {
  it('names the address, its kind and the host it came from', () => {
    expect(checkAddress('10.1.2.3', 'https:', {}, 'hooks.example.test')).toEqual({
      ok: false,
      reason: 'hooks.example.test resolved to 10.1.2.3, which is a private address',
    });
    expect(checkAddress('::ffff:a00:1', 'https:', {})).toEqual({
      ok: false,
      reason: '::ffff:a00:1 (IPv4-mapped 10.0.0.1) is a private address',
    });
    expect(checkAddress('0.0.0.0', 'https:', {})).toEqual({
      ok: false,
      reason: '0.0.0.0 is an unspecified address',
    });
  });

  it('allows non-public addresses with allowPrivate, but http still only to loopback', () => {
    expect(checkAddress('10.0.0.1', 'https:', { allowPrivate: true })).toEqual({ ok: true });
    expect(checkAddress('127.0.0.1', 'http:', { allowPrivate: true })).toEqual({ ok: true });
    expect(checkAddress('10.0.0.1', 'http:', { allowPrivate: true, allowHttp: true })).toEqual({
      ok: false,
      reason: 'plain http is only allowed to a loopback address; 10.0.0.1 is not one',
    });
    expect(checkAddress('8.8.8.8', 'http:', { allowHttp: true }).ok).toBe(false);
    expect(checkAddress('8.8.8.8', 'https:', {})).toEqual({ ok: true });
  });
});

describe('checkTargetUrl', () => {
  const loose = { allowHttp: true, allowPrivate: true };

  it('accepts https to a name or a public address', () => {
    expect(checkTargetUrl('https://hooks.example.com/wawp?x=1', {})).toEqual({ ok: true });
    expect(checkTargetUrl('https://8.8.8.8:8443/', {})).toEqual({ ok: true });
    expect(checkTargetUrl('https://[2606:4700::1111]/', {})).toEqual({ ok: true });
  });

  it('refuses other schemes and what is not a URL', () => {
    expect(checkTargetUrl('ftp://hooks.example.com/', loose)).toEqual({
      ok: false,
      reason: 'ftp: URLs are not allowed; use https',
    });
    expect(checkTargetUrl('file:///etc/passwd', loose).ok).toBe(false);
    expect(checkTargetUrl('not a url', loose)).toEqual({ ok: false, reason: 'not a valid URL' });
  });

  it('refuses credentials in the URL', () => {
    const reason = 'the URL must not contain credentials (user:password@)';
    expect(checkTargetUrl('https://user:secret@hooks.example.com/', loose)).toEqual({
      ok: false,
      reason,
    });
    expect(checkTargetUrl('https://user@hooks.example.com/', loose)).toEqual({ ok: false, reason });
  });

  it('refuses literal non-public addresses, however they are spelled', () => {
    expect(checkTargetUrl('https://10.0.0.1/', {})).toEqual({
      ok: false,
      reason: '10.0.0.1 is a private address',
    });
    expect(checkTargetUrl('https://169.254.169.254/latest/meta-data', {})).toEqual({
      ok: false,
      reason: '169.254.169.254 is a link-local address',
    });
    expect(checkTargetUrl('https://[::ffff:10.0.0.1]/', {})).toEqual({
      ok: false,
      reason: '::ffff:a00:1 (IPv4-mapped 10.0.0.1) is a private address',
    });
    // WHATWG URL parsing turns these into 127.0.0.1 and 10.0.0.1 before the check
    expect(checkTargetUrl('https://0x7f.1/', {}).ok).toBe(false);
    expect(checkTargetUrl('https://167772161/', {}).ok).toBe(false);
    expect(checkTargetUrl('https://[::1]/', {}).ok).toBe(false);
    expect(checkTargetUrl('https://10.0.0.1/', { allowPrivate: true })).toEqual({ ok: true });
  });

  it('allows http only with allowHttp, and then only to loopback', () => {
    expect(checkTargetUrl('http://127.0.0.1:8080/', { allowPrivate: true })).toEqual({
      ok: false,
      reason: 'plain http is not allowed; use https',
    });
    expect(checkTargetUrl('http://127.0.0.1:8080/', loose)).toEqual({ ok: true });
    expect(checkTargetUrl('http://[::1]:8080/', loose)).toEqual({ ok: true });
    expect(checkTargetUrl('http://10.0.0.1/', loose)).toEqual({
      ok: false,
      reason: 'plain http is only allowed to a loopback address; 10.0.0.1 is not one',
    });
    expect(checkTargetUrl('http://8.8.8.8/', loose).ok).toBe(false);
    // a name is checked once resolved, by safePost
    expect(checkTargetUrl('http://localhost:8080/', loose)).toEqual({ ok: true });
  });
});
