import type { DirectoryPort, EventsPort } from '../ports';
import type { Fakes } from './fake-ports';

type Log = (method: string, arg?: string) => void;

/** An in-memory {@link DirectoryPort} over the maps of `fakes`. */
export function createDirectory(fakes: Fakes, log: Log): DirectoryPort {
  const { instances, tenants, keys } = fakes;
  return {
    listInstances: async (filter) => {
      log('listInstances', filter?.tenantId ?? '*');
      return [...instances.values()].filter(
        (i) => filter?.tenantId === undefined || i.tenantId === filter.tenantId,
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
      const record = { createdAt: new Date(), ...instances.get(input.instanceId), ...input };
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
      const tenant = { id: `t-${tenants.size + 1}`, name, createdAt: new Date() };
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
