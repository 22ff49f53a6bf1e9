import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Raised when the admin-key file cannot be trusted; the message names the file and the fix. */
export class AdminKeyFileError extends Error {
  override name = 'AdminKeyFileError';
}

/** The admin key and whether this call generated it (then, and only then, it may be shown). */
export interface AdminKeyFile {
  key: string;
  /** `true` when the key was generated (and written) by this call. */
  created: boolean;
  /** `<dataDir>/admin-key`. */
  file: string;
}

/** Where the generated admin key is kept. */
export const adminKeyPath = (dataDir: string) => join(dataDir, 'admin-key');

/**
 * Creates `dataDir` (and any missing parent) with mode 0700: it holds the admin key and the
 * embedded database. An existing directory is left as it is.
 */
export function ensureDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
}

/** Refuses a key file group or others may read or write (POSIX only; Windows has no such bits). */
function assertPrivate(file: string): void {
  if (process.platform === 'win32') {
    return;
  }
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new AdminKeyFileError(
      `${file} is readable or writable by group or others (mode ${mode.toString(8).padStart(4, '0')}); ` +
        `the admin key must be private to this user. Fix it with: chmod 600 ${file}`,
    );
  }
}

/**
 * The generated admin key, kept in `<dataDir>/admin-key` (mode 0600, in a 0700 directory) so a
 * restart does not sign every open console out. Used only when `GATEWAY_ADMIN_KEY` is unset.
 * Throws {@link AdminKeyFileError} when an existing file is readable by group or others.
 */
export function readOrCreateAdminKey(dataDir: string): AdminKeyFile {
  const file = adminKeyPath(dataDir);
  if (existsSync(file)) {
    assertPrivate(file);
    const saved = readFileSync(file, 'utf8').trim();
    if (saved.length >= 16) {
      return { key: saved, created: false, file };
    }
  }
  const key = `wga_${randomBytes(24).toString('base64url')}`;
  ensureDataDir(dataDir);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { key, created: true, file };
}

/** {@link readOrCreateAdminKey}'s key. */
export function loadOrCreateAdminKey(dataDir: string): string {
  return readOrCreateAdminKey(dataDir).key;
}

/**
 * A key as it may be printed after the start that generated it: the `wga_` prefix, the first
 * and the last 4 characters (`wga_abcd…wxyz`); a short key shows none of its characters.
 */
export function maskKey(key: string): string {
  const prefix = key.startsWith('wga_') ? 'wga_' : '';
  const rest = key.slice(prefix.length);
  return rest.length >= 16 ? `${prefix}${rest.slice(0, 4)}…${rest.slice(-4)}` : `${prefix}…`;
}
