import type { DirectoryPort } from '@wawp-gateway/schema';

/** Options of {@link createOwnerShares}. */
export interface OwnerSharesOptions {
  directory: Pick<DirectoryPort, 'getInstance'>;
  /** How long an instance's owner is remembered. @default 10_000 // 10 s */
  ttlMs?: number;
  now?: () => number;
}

/** The share of instances no tenant owns (the admin's own). */
export const UNOWNED_SHARE = 'unowned';

/**
 * The fair-share key of an instance's Wawp calls: `tenant:<id>` of its owner, so one tenant's
 * calls (its queries, actions and the polls of its instances) queue together. Owners are
 * remembered for `ttlMs` and looked up once per instance meanwhile: a share only orders calls,
 * it grants nothing, so a briefly outdated owner after a reassignment is harmless.
 */
export function createOwnerShares(options: OwnerSharesOptions) {
  const ttlMs = options.ttlMs ?? 10_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { share: Promise<string>; at: number }>();

  return (instanceId: string): Promise<string> => {
    const held = known.get(instanceId);
    if (held && now() - held.at < ttlMs) {
      return held.share;
    }
    const share = options.directory.getInstance(instanceId).then(
      (record) => (record?.tenantId ? `tenant:${record.tenantId}` : UNOWNED_SHARE),
      () => UNOWNED_SHARE,
    );
    if (known.size > 10_000) {
      known.clear();
    }
    known.set(instanceId, { share, at: now() });
    return share;
  };
}
