import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildGateway, freePort, repoRoot, startChildGateway } from '../utils/child-gateway';

const run = promisify(execFile);

/** The README's curl walkthrough, exactly as a newcomer copies it. */
function quickstartBlock(): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const section =
    /<!-- quickstart:begin[^>]*-->\s*```bash\n([\s\S]*?)```\s*<!-- quickstart:end -->/.exec(readme);
  if (!section?.[1]) {
    throw new Error('README.md has no quickstart block');
  }
  return section[1];
}

describe('README quick start: pnpm start with nothing configured, then curl alone', () => {
  let gateway: ChildGateway;
  let simUrl: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'wawp-quickstart-'));

  beforeAll(async () => {
    // Only the ports (so parallel test files never collide) and the data directory differ from a
    // bare `pnpm start`; the admin key is generated and read from the banner.
    const [port, simPort] = [await freePort(), await freePort()];
    simUrl = `http://127.0.0.1:${simPort}`;
    gateway = await startChildGateway({
      PORT: String(port),
      SIMULATOR_PORT: String(simPort),
      DATA_DIR: dataDir,
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one banner with the URL, the console link carrying the key in the fragment, and the simulator', () => {
    expect(gateway.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.adminKey).toMatch(/^wga_[A-Za-z0-9_-]{20,}$/);
    expect(gateway.output()).toContain(`${gateway.url}/#key=${gateway.adminKey}`);
    expect(gateway.output()).toContain(`embedded Wawp simulator: ${simUrl}`);
  });

  it('logs in one instance by QR scan and another by pairing code, following the README', async () => {
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', quickstartBlock()], {
      env: { ...process.env, KEY: gateway.adminKey, GW: gateway.url, SIM: simUrl },
      timeout: 60_000,
    });
    const working = stdout.match(
      /"sessionInfo":\{"status":"WORKING"\},"me":\{"id":"\d+@c\.us","pushName":"[^"]+"\}/g,
    );
    expect(working, stdout).toHaveLength(2);
    expect(stdout).toContain('"pushName":"Ada"');
    expect(stdout).toMatch(/"status":"SCAN_QR_CODE"\},"qrCode":\{"value":"2@/);
    expect(stdout).toMatch(/pairing code: [1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}/);
  });
});
