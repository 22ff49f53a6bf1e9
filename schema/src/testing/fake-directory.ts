import { EMPTY_BRANDING } from '../branding';
import { ErrorCode, gatewayError } from '../errors';
import type { ConnectLinkRecord, DirectoryPort, EventsPort } from '../ports';
import type { Fakes } from './fake-ports';

type Log = (method: string, arg?: string) => void;

/** An in-memory {@link DirectoryPort} over the maps of `fakes`. */
export function createDirectory(fakes: Fakes, log: Log): DirectoryPort {
  const { instances, tenants, keys } = fakes;
  const links = new Map<string, ConnectLinkRecord>();
  const pairingCodes = new Map<string, number>();
  return {
    listInstances: async (filter) => {
      log('listInstances', filter?.tenantId ?? '*');
      return [...instances.values()].filter(
        (i) =>
          (filter?.tenantId === undefined || i.tenantId === filter.tenantId) &&
          (filter?.externalRef === undefined || i.externalRef === filter.externalRef),
      );
    },
    getInstance: async (id) => {
      log('getInstance', id);
      return instances.get(id) ?? null;
    },
    getInstances: async (ids) => {
      log('getInstances', ids.join(','));
      return ids.map((id) => instances.get(id) ?? null);
    },
    upsertInstance: async (input) => {
      log('upsertInstance', input.instanceId);
      const before = instances.get(input.instanceId);
      const externalRef =
        input.externalRef === undefined ? (before?.externalRef ?? null) : input.externalRef;
      const taken = [...instances.values()].some(
        (i) =>
          externalRef !== null &&
          i.instanceId !== input.instanceId &&
          i.tenantId === input.tenantId &&
          i.externalRef === externalRef,
      );
      if (taken) {
        throw gatewayError(ErrorCode.Conflict, 'externalRef is taken in this tenant.');
      }
      const record = { createdAt: new Date(), ...before, ...input, externalRef };
      instances.set(input.instanceId, record);
      return record;
    },
    assignInstance: async (id, tenantId) => {
      log('assignInstance', `${id}:${tenantId}`);
      const found = instances.get(id);
      const record = found ? { ...found, tenantId } : null;
      if (record) {
        instances.set(id, record);
      }
      return record;
    },
    removeInstance: async (id) => {
      log('removeInstance', id);
      return instances.delete(id);
    },
    listTenants: async () => {
      log('listTenants');
      return [...tenants.values()];
    },
    getTenant: async (id) => {
      log('getTenant', id);
      return tenants.get(id) ?? null;
    },
    createTenant: async (name) => {
      log('createTenant', name);
      const tenant = {
        id: `t-${tenants.size + 1}`,
        name,
        createdAt: new Date(),
        branding: EMPTY_BRANDING,
      };
      tenants.set(tenant.id, tenant);
      return tenant;
    },
    listApiKeys: async (tenantId) => {
      log('listApiKeys', tenantId);
      return [...keys.values()].filter((k) => k.tenantId === tenantId);
    },
    issueApiKey: async (tenantId) => {
      log('issueApiKey', tenantId);
      const record = {
        id: `k-${keys.size + 1}`,
        tenantId,
        prefix: 'wgk_ne',
        createdAt: new Date(),
        revokedAt: null,
      };
      keys.set(record.id, record);
      return { ...record, key: 'wgk_new-secret' };
    },
    revokeApiKey: async (id) => {
      log('revokeApiKey', id);
      const found = keys.get(id);
      if (!found || found.revokedAt) {
        return false;
      }
      keys.set(id, { ...found, revokedAt: new Date() });
      return true;
    },
    updateTenantBranding: async (tenantId, branding) => {
      log('updateTenantBranding', tenantId);
      const found = tenants.get(tenantId);
      const record = found ? { ...found, branding } : null;
      if (record) {
        tenants.set(tenantId, record);
      }
      return record;
    },
    createConnectLink: async (input) => {
      log('createConnectLink', input.instanceId);
      const record = {
        ...input,
        id: `cl-${links.size + 1}`,
        createdAt: new Date(),
        usedAt: null,
        revokedAt: null,
      };
      links.set(record.id, record);
      return { ...record, url: `https://gateway.test/connect/wcl_secret-${record.id}` };
    },
    listConnectLinks: async (instanceId) => {
      log('listConnectLinks', instanceId);
      return [...links.values()].filter((l) => l.instanceId === instanceId).reverse();
    },
    revokeConnectLinks: async (instanceId) => {
      log('revokeConnectLinks', instanceId);
      let count = 0;
      for (const link of links.values()) {
        if (link.instanceId === instanceId && !link.revokedAt && !link.usedAt) {
          links.set(link.id, { ...link, revokedAt: new Date() });
          count += 1;
        }
      }
      return count;
    },
    tryCountLinkPairingCode: async (linkId) => {
      log('tryCountLinkPairingCode', linkId);
      const used = pairingCodes.get(linkId) ?? 0;
      pairingCodes.set(linkId, Math.min(used + 1, 3));
      return used < 3;
    },
  };
}

/** An {@link EventsPort} yielding `fakes.events` for the instance asked for (or all). */
export function createEvents(fakes: Fakes, log: Log): EventsPort {
  return {
    async *subscribe({ instanceId, signal }) {
      log('subscribe', instanceId ?? '*');
      if (signal) {
        fakes.signals.push(signal);
      }
      for (const event of fakes.events) {
        if (signal?.aborted) {
          return;
        }
        if (instanceId === null || event.instanceId === instanceId) {
          yield event;
        }
      }
    },
  };
}
