import type { Kysely } from 'kysely';
import { createApiKeys } from './api-keys';
import { createConnectLinks } from './connect-links';
import type { Database } from './database';
import { createInstances } from './instances';
import type { StoreDirectory } from './store-types';
import { createTenants } from './tenants';

/**
 * @private The `DirectoryPort` (plus `authenticate`) over the store's tables. Changes of access
 * (a key revoked, an instance registered, reassigned or removed) are written to the event log on
 * `channel` in the same transaction (`access-log.ts`).
 */
export function createDirectory(db: Kysely<Database>, channel: string): StoreDirectory {
  const links = createConnectLinks(db, channel);
  return {
    ...createTenants(db),
    ...createInstances(db, channel),
    ...createApiKeys(db, channel),
    createConnectLink: links.create,
    listConnectLinks: links.list,
    revokeConnectLinks: links.revokeAll,
    findConnectLink: links.findByToken,
    markConnectLinksUsed: links.markUsed,
    tryCountLinkPairingCode: links.tryCountPairingCode,
  };
}
