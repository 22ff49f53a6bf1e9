import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig: allowedHosts', () => {
  it('defaults to the loopback names and HOST', () => {
    expect(loadConfig({}).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: '10.0.0.5' }).allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      '10.0.0.5',
    ]);
  });

  it('leaves out a wildcard HOST, adds the public URL host and GATEWAY_ALLOWED_HOSTS', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      GATEWAY_PUBLIC_URL: 'https://GW.example.com:8443/base',
      GATEWAY_ALLOWED_HOSTS: ' gw.internal:4000 , ::1, Proxy.Example ',
    });
    expect(config.allowedHosts).toEqual([
      'localhost',
      '127.0.0.1',
      '[::1]',
      'gw.example.com',
      'gw.internal:4000',
      'proxy.example',
    ]);
    expect(loadConfig({ HOST: '::' }).allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
  });

  it('refuses an entry that is not a host, without echoing it', () => {
    expect(() => loadConfig({ GATEWAY_ALLOWED_HOSTS: 'ok.example, not a host' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ GATEWAY_ALLOWED_HOSTS: 'ok.example, not a host' })).toThrow(
      /GATEWAY_ALLOWED_HOSTS: must be comma-separated host names/,
    );
  });
});

describe('loadConfig: metricsToken', () => {
  it('is null unless GATEWAY_METRICS_TOKEN is set, and at least 16 characters', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: 'scrape-token-0123456789' }).metricsToken).toBe(
      'scrape-token-0123456789',
    );
    expect(() => loadConfig({ GATEWAY_METRICS_TOKEN: 'short' })).toThrow(
      /GATEWAY_METRICS_TOKEN: must be at least 16 characters/,
    );
  });
});

describe('loadConfig: webhook credentials', () => {
  const long = (c: string) => c.repeat(32);

  it('reads comma-separated lists, the first one first (rotation)', () => {
    const config = loadConfig({
      GATEWAY_WEBHOOK_TOKEN: `${long('n')}, ${long('o')}`,
      WAWP_WEBHOOK_SECRET: long('w'),
    });
    expect(config.webhookTokens).toEqual([long('n'), long('o')]);
    expect(config.webhookSecrets).toEqual([long('w')]);
    expect(loadConfig({}).webhookTokens).toEqual([]);
  });

  it.each(['GATEWAY_WEBHOOK_TOKEN', 'WAWP_WEBHOOK_SECRET'])(
    'refuses a %s shorter than 32 characters, naming it and not echoing it',
    (name) => {
      const short = 'sixteen-chars-16';
      const load = () => loadConfig({ [name]: `${long('a')},${short}` });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(new RegExp(`${name}: .*at least 32 characters`));
      expect(load).not.toThrow(short);
    },
  );
});
