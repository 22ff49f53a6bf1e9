import type { Kysely } from 'kysely';
import { createApiKeys } from './api-keys';
import type { Database } from './database';
import { createInstances } from './instances';
import type { StoreDirectory } from './store-types';
import { createTenants } from './tenants';

/** @private The `DirectoryPort` (plus `authenticate`) over the store's tables. */
export function createDirectory(db: Kysely<Database>): StoreDirectory {
  return { ...createTenants(db), ...createInstances(db), ...createApiKeys(db) };
}
