import { describe, expect, it } from 'vitest';
import { loadSimulatorConfig, loadSimulatorLogLevel } from './config';
import { createSimulator } from './simulator';

describe('loadSimulatorLogLevel', () => {
  it('is info by default and takes any pino level', () => {
    expect(loadSimulatorLogLevel({})).toBe('info');
    expect(loadSimulatorLogLevel({ LOG_LEVEL: ' ' })).toBe('info');
    expect(loadSimulatorLogLevel({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(loadSimulatorLogLevel({ LOG_LEVEL: 'silent' })).toBe('silent');
  });

  it('names a value that is not a level', () => {
    expect(() => loadSimulatorLogLevel({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/,
    );
  });
});

describe('loadSimulatorConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadSimulatorConfig({})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      accessToken: 'sim-access-token',
      instances: 3,
      timeScale: 1,
      pollFloorMs: 0,
    });
  });

  it('reads every SIMULATOR_* variable, treating empty ones as unset', () => {
    expect(
      loadSimulatorConfig({
        SIMULATOR_PORT: '0',
        SIMULATOR_HOST: '0.0.0.0',
        SIMULATOR_ACCESS_TOKEN: 'tok',
        SIMULATOR_INSTANCES: '5',
        SIMULATOR_TIME_SCALE: '12.5',
        SIMULATOR_WEBHOOK_URL: 'http://localhost:9000/hook',
        SIMULATOR_WEBHOOK_HMAC_KEY: 'key',
        SIMULATOR_POLL_FLOOR_MS: '2000',
        SIMULATOR_PLAN: 'free',
        SIMULATOR_UNRELATED: 'x',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      accessToken: 'tok',
      instances: 5,
      timeScale: 12.5,
      webhookUrl: 'http://localhost:9000/hook',
      webhookHmacKey: 'key',
      pollFloorMs: 2000,
      plan: 'free',
    });
    expect(loadSimulatorConfig({ SIMULATOR_PORT: '', SIMULATOR_WEBHOOK_URL: ' ' }).port).toBe(4010);
  });

  it('lists every invalid variable with its value', () => {
    const load = () =>
      loadSimulatorConfig({
        SIMULATOR_PORT: 'abc',
        SIMULATOR_INSTANCES: 'many',
        SIMULATOR_TIME_SCALE: '0',
        SIMULATOR_WEBHOOK_URL: 'ftp://x',
        SIMULATOR_POLL_FLOOR_MS: '-1',
        SIMULATOR_PLAN: 'gold',
      });
    expect(load).toThrow(/Invalid simulator configuration/);
    const message = (() => {
      try {
        load();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of [
      'SIMULATOR_PORT',
      'SIMULATOR_INSTANCES',
      'SIMULATOR_TIME_SCALE',
      'SIMULATOR_WEBHOOK_URL',
      'SIMULATOR_POLL_FLOOR_MS',
      'SIMULATOR_PLAN',
    ]) {
      expect(message).toContain(name);
    }
    expect(message).toContain('"abc"');
  });
});

describe('the instance quota', () => {
  it('is 25 unless SIMULATOR_QUOTA raises it, and bounds SIMULATOR_INSTANCES', () => {
    expect(loadSimulatorConfig({}).quota).toBeUndefined();
    expect(
      loadSimulatorConfig({ SIMULATOR_QUOTA: '1000', SIMULATOR_INSTANCES: '1000' }),
    ).toMatchObject({
      quota: 1_000,
      instances: 1_000,
    });
    expect(() => loadSimulatorConfig({ SIMULATOR_INSTANCES: '26' })).toThrow(
      /SIMULATOR_INSTANCES must be at most SIMULATOR_QUOTA \(25\)/,
    );
    expect(() => loadSimulatorConfig({ SIMULATOR_QUOTA: '10001' })).toThrow(/SIMULATOR_QUOTA/);
  });
});

describe('createSimulator options', () => {
  it('rejects out-of-range options and throws on url before start', () => {
    expect(() => createSimulator({ timeScale: 0 })).toThrow(RangeError);
    expect(() => createSimulator({ instances: 26 })).toThrow(RangeError);
    expect(() => createSimulator({ quota: 0 })).toThrow(RangeError);
    expect(() => createSimulator({ quota: 10_001 })).toThrow(RangeError);
    expect(createSimulator({ quota: 1_000, instances: 1_000 }).instanceIds()).toHaveLength(1_000);
    expect(() => createSimulator({ port: 70_000 })).toThrow(RangeError);
    expect(() => createSimulator({ plan: 'gold' as 'paid' })).toThrow(RangeError);
    const sim = createSimulator({ instances: 2 });
    expect(sim.instanceIds()).toHaveLength(2);
    expect(sim.accessToken).toBe('sim-access-token');
    expect(() => sim.url).toThrow(/not started/);
  });
});
