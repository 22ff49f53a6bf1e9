import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHostCheck,
  isAllowedHost,
  LOOPBACK_HOSTS,
  listenHostEntry,
  parseHost,
  refuseMisdirectedUpgrades,
} from './host-allow-list';

describe('parseHost', () => {
  it('reads names, IPv4, bracketed and bare IPv6, with or without a port', () => {
    expect(parseHost('LocalHost:4000')).toEqual({ host: 'localhost', port: '4000' });
    expect(parseHost('gw.example.com.')).toEqual({ host: 'gw.example.com', port: null });
    expect(parseHost('10.0.0.5:80')).toEqual({ host: '10.0.0.5', port: '80' });
    expect(parseHost('[::1]:4000')).toEqual({ host: '[::1]', port: '4000' });
    expect(parseHost('::1')).toEqual({ host: '[::1]', port: null });
  });

  it('refuses what is not a host', () => {
    for (const bad of [
      '',
      'a b',
      'evil.example:x',
      'x:99999',
      '[::1',
      '[zz]',
      'a/b',
      'user@host',
    ]) {
      expect(parseHost(bad), bad).toBeNull();
    }
  });
});

describe('isAllowedHost', () => {
  const allowed = [...LOOPBACK_HOSTS, 'gw.example.com', 'other.example:8443'];

  it('accepts loopback names on any port, and any 127.x.y.z', () => {
    for (const host of [
      'localhost:4000',
      '127.0.0.1:4000',
      '[::1]:4000',
      '127.8.9.10',
      'localhost',
    ]) {
      expect(isAllowedHost(host, allowed), host).toBe(true);
    }
  });

  it('accepts listed names; a listed port must match', () => {
    expect(isAllowedHost('GW.example.com:443', allowed)).toBe(true);
    expect(isAllowedHost('other.example:8443', allowed)).toBe(true);
    expect(isAllowedHost('other.example:80', allowed)).toBe(false);
    expect(isAllowedHost('other.example', allowed)).toBe(false);
  });

  it('refuses other names, a missing Host and a malformed one', () => {
    for (const host of [
      'evil.example',
      'evil.example:4000',
      'localhost.evil.example',
      '127.0.0.300',
      '128.0.0.1',
      'gw.example.com.evil',
      '',
    ]) {
      expect(isAllowedHost(host, allowed), host).toBe(false);
    }
    expect(isAllowedHost(undefined, allowed)).toBe(false);
    expect(isAllowedHost('127.0.0.2', ['localhost'])).toBe(false);
  });
});

describe('createHostCheck', () => {
  it('gives the verdicts of isAllowedHost, asked again or not, past its memory too', () => {
    const allowed = [...LOOPBACK_HOSTS, 'gw.example.com'];
    const check = createHostCheck(allowed);
    const hosts = [
      'localhost:4000',
      'evil.example',
      'GW.example.com',
      '127.0.0.300',
      '',
      'x'.repeat(300),
    ];
    for (let round = 0; round < 2; round++) {
      for (const host of hosts) {
        expect(check(host), host).toBe(isAllowedHost(host, allowed));
      }
    }
    for (let i = 0; i < 600; i++) {
      expect(check(`h${i}.evil.example`)).toBe(false);
    }
    expect(check('localhost:4000')).toBe(true);
    expect(check(undefined)).toBe(false);
  });
});

describe('listenHostEntry', () => {
  it('names HOST unless it is a wildcard', () => {
    expect(listenHostEntry('0.0.0.0')).toBeNull();
    expect(listenHostEntry('::')).toBeNull();
    expect(listenHostEntry('10.0.0.5')).toBe('10.0.0.5');
    expect(listenHostEntry('::1')).toBe('[::1]');
    expect(listenHostEntry('gw.internal')).toBe('gw.internal');
  });
});

describe('refuseMisdirectedUpgrades', () => {
  let close = () => {};
  afterEach(() => close());

  it('answers 421 and no other upgrade listener sees the request', async () => {
    const server = createServer();
    refuseMisdirectedUpgrades(server, LOOPBACK_HOSTS);
    const seen: string[] = [];
    server.on('upgrade', (req, socket) => {
      seen.push(req.headers.host ?? '');
      socket.end('HTTP/1.1 418 Teapot\r\nContent-Length: 0\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    close = () => server.close();
    const { port } = server.address() as AddressInfo;
    const upgrade = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({
          host: '127.0.0.1',
          port,
          headers: { host, connection: 'upgrade', upgrade: 'websocket' },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, body: '' });
        });
        req.on('error', reject);
        req.end();
      });
    const refused = await upgrade('evil.example');
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body)).toEqual({
      errors: [{ message: 'Misdirected request: this gateway does not serve that Host' }],
    });
    expect(seen).toEqual([]);
    expect((await upgrade(`127.0.0.1:${port}`)).status).toBe(418);
    expect(seen).toEqual([`127.0.0.1:${port}`]);
  });
});
