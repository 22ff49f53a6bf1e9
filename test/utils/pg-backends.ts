import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type pg from 'pg';

/** The local ports of the TCP connections process `pid` has open to port `serverPort` (Linux). */
export function tcpPortsOf(pid: number, serverPort: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) {
        inodes.add(match[1]);
      }
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const [, local, remote, , , , , , , inode] = fields;
      if (!local || !remote || !inode || !inodes.has(inode)) {
        continue;
      }
      if (Number.parseInt(remote.split(':')[1] ?? '', 16) === serverPort) {
        ports.push(Number.parseInt(local.split(':')[1] ?? '', 16));
      }
    }
  }
  return ports;
}

/**
 * Terminates the Postgres backends serving process `pid` (found by its connections' ports), as
 * a database restart or failover would; resolves with their `application_name`s.
 */
export async function terminateBackendsOf(
  pool: pg.Pool,
  pid: number,
  serverPort = 5432,
): Promise<string[]> {
  const ports = tcpPortsOf(pid, serverPort);
  if (ports.length === 0) {
    return [];
  }
  const { rows } = await pool.query<{ application_name: string }>(
    `select application_name, pg_terminate_backend(pid) from pg_stat_activity
      where client_port = any($1::int[]) and pid <> pg_backend_pid()`,
    [ports],
  );
  return rows.map((row) => row.application_name);
}
