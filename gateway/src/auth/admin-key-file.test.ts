import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateAdminKey } from './admin-key-file';

describe('loadOrCreateAdminKey', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates a key once, keeps it private, and returns the same key after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-key-'));
    dirs.push(dir);
    const dataDir = join(dir, 'nested');
    const first = loadOrCreateAdminKey(dataDir);
    expect(first).toMatch(/^wga_[A-Za-z0-9_-]{32}$/);
    expect(statSync(join(dataDir, 'admin-key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAdminKey(dataDir)).toBe(first);
  });
});
