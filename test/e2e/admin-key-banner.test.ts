/**
 * The generated admin key is printed in full only by the start that generated it; every later
 * start prints it masked and says where the key file is. The data directory is created 0700,
 * and a key file group or others can read stops the start with the file and the fix.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, startChildGateway, startScriptArgs } from '../utils/child-gateway';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'wawp-admin-key-'));
const dataDir = join(root, 'data');
const keyFile = join(dataDir, 'admin-key');

afterAll(() => rmSync(root, { recursive: true, force: true }));

const startOnce = async () => {
  const [port, simPort] = [await freePort(), await freePort()];
  const gateway = await startChildGateway({
    PORT: String(port),
    SIMULATOR_PORT: String(simPort),
    DATA_DIR: dataDir,
    GATEWAY_ADMIN_KEY: '',
  });
  const output = gateway.output();
  await gateway.stop();
  return { output, url: gateway.url, bannerKey: gateway.adminKey };
};

describe.sequential('the admin key in the banner', () => {
  let key = '';

  it('the first start generates the key, prints it in full, and keeps it private', async () => {
    const first = await startOnce();
    key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^wga_[A-Za-z0-9_-]{32}$/);
    expect(first.bannerKey).toBe(key);
    expect(first.output).toContain(`${first.url}/#key=${key}`);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('a later start prints it masked only, with where the key is', async () => {
    const later = await startOnce();
    expect(later.output).not.toContain(key);
    const masked = `wga_${key.slice(4, 8)}…${key.slice(-4)}`;
    expect(later.output).toContain(`${later.url}/#key=${masked}`);
    expect(later.output).toContain(`admin key: ${masked}  (masked; the full key is in ${keyFile}`);
    expect(later.output).toContain(`Bearer ${masked}`);
  });

  it('refuses to start with a key file others can read, naming the file and the fix', async () => {
    chmodSync(keyFile, 0o644);
    const [port, simPort] = [await freePort(), await freePort()];
    const failed = await run(join(repoRoot, 'node_modules', '.bin', 'tsx'), startScriptArgs(), {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        SIMULATOR_PORT: String(simPort),
        DATA_DIR: dataDir,
        GATEWAY_ADMIN_KEY: '',
        LOG_LEVEL: 'warn',
      },
      timeout: 60_000,
    }).then(
      () => null,
      (error: { code?: number; stdout?: string; stderr?: string }) => error,
    );
    expect(failed, 'the start failed').not.toBeNull();
    expect(failed?.code).toBe(1);
    expect(failed?.stdout ?? '').not.toContain('wawp-gateway is up');
    expect(failed?.stderr).toContain(
      `wawp-gateway failed to start: ${keyFile} is readable or writable by group or others (mode 0644)`,
    );
    expect(failed?.stderr).toContain(`chmod 600 ${keyFile}`);
    expect(`${failed?.stdout}${failed?.stderr}`).not.toContain(key);
  });
});
