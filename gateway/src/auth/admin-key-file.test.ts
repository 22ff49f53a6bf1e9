import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdminKeyFileError,
  ensureDataDir,
  loadOrCreateAdminKey,
  maskKey,
  readOrCreateAdminKey,
} from './admin-key-file';

describe('loadOrCreateAdminKey', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-key-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates a key once, keeps it private, and returns the same key after a restart', () => {
    const dataDir = join(scratch(), 'nested');
    const first = loadOrCreateAdminKey(dataDir);
    expect(first).toMatch(/^wga_[A-Za-z0-9_-]{32}$/);
    expect(statSync(join(dataDir, 'admin-key')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateAdminKey(dataDir)).toBe(first);
  });

  it('says whether this start generated the key: only then may it be printed in full', () => {
    const dataDir = join(scratch(), 'data');
    const first = readOrCreateAdminKey(dataDir);
    expect(first).toEqual({ key: first.key, created: true, file: join(dataDir, 'admin-key') });
    expect(readOrCreateAdminKey(dataDir)).toEqual({ ...first, created: false });
  });

  it('creates the data directory (and its missing parents) 0700', () => {
    const root = scratch();
    const dataDir = join(root, 'a', 'b');
    readOrCreateAdminKey(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    const other = join(root, 'db-only');
    ensureDataDir(other);
    expect(statSync(other).mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a key file group or others can read, naming the file and the fix',
    () => {
      const dataDir = join(scratch(), 'data');
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'admin-key');
      writeFileSync(file, 'wga_0123456789abcdefghijklmnopqrstuv\n');
      chmodSync(file, 0o644);
      expect(() => readOrCreateAdminKey(dataDir)).toThrow(AdminKeyFileError);
      expect(() => readOrCreateAdminKey(dataDir)).toThrow(
        `${file} is readable or writable by group or others (mode 0644); the admin key must be private to this user. Fix it with: chmod 600 ${file}`,
      );
      chmodSync(file, 0o640);
      expect(() => readOrCreateAdminKey(dataDir)).toThrow(/chmod 600/);
      chmodSync(file, 0o600);
      expect(readOrCreateAdminKey(dataDir).key).toBe('wga_0123456789abcdefghijklmnopqrstuv');
    },
  );
});

describe('maskKey', () => {
  it('shows the prefix, the first and the last 4 characters only', () => {
    expect(maskKey('wga_abcdEFGHijklMNOPqrstUVWXyz012345')).toBe('wga_abcd…2345');
    expect(maskKey('my-own-admin-key-0123')).toBe('my-o…0123');
    expect(maskKey('wga_tooShort')).toBe('wga_…');
  });
});
