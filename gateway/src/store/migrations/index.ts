import type { Migration, MigrationProvider } from 'kysely';
import { initialMigration } from './0001-initial';
import { deliveryProcessingMigration } from './0002-delivery-processing';
import { instanceOwnershipMigration } from './0003-instance-ownership';
import { pollLeasesMigration } from './0004-poll-leases';
import { gatewaySecretsMigration } from './0005-gateway-secrets';
import { readUntilMigration } from './0006-read-until';
import { connectLinksMigration } from './0007-connect-links';
import { notificationsMigration } from './0008-notifications';
import { wawpReadClaimsMigration } from './0009-wawp-read-claims';
import { leaseBalanceMigration } from './0010-lease-balance';

/** @private In-code migrations, applied in key order; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initialMigration,
  '0002-delivery-processing': deliveryProcessingMigration,
  '0003-instance-ownership': instanceOwnershipMigration,
  '0004-poll-leases': pollLeasesMigration,
  '0005-gateway-secrets': gatewaySecretsMigration,
  '0006-read-until': readUntilMigration,
  '0007-connect-links': connectLinksMigration,
  '0008-notifications': notificationsMigration,
  '0009-wawp-read-claims': wawpReadClaimsMigration,
  '0010-lease-balance': leaseBalanceMigration,
};

/** @private Hands kysely's `Migrator` the migrations above (no file loading). */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
