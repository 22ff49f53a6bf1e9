import type { AnyVariables, OperationResult } from '@urql/core';
import { createQuery, useClient } from '@urql/solid';
import { graphql } from '../gql';
import { describeError } from './errors';

export const Tenants = graphql(`
  query Tenants {
    tenants {
      id
      name
      createdAt
      instances { instanceId label }
      apiKeys { id prefix createdAt revokedAt }
    }
  }
`);
const CreateInstance = graphql(`
  mutation CreateInstance($label: String, $tenantId: ID) {
    createInstance(label: $label, tenantId: $tenantId) { instanceId label tenantId }
  }
`);
const RegisterInstance = graphql(`
  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID) {
    registerInstance(instanceId: $instanceId, label: $label, tenantId: $tenantId) { instanceId label tenantId }
  }
`);
const AssignInstance = graphql(`
  mutation AssignInstance($instanceId: ID!, $tenantId: ID) {
    assignInstance(instanceId: $instanceId, tenantId: $tenantId) { instanceId tenantId }
  }
`);
const DeleteInstance = graphql(`
  mutation DeleteInstance($instanceId: ID!) { deleteInstance(instanceId: $instanceId) }
`);
const CreateTenant = graphql(`
  mutation CreateTenant($name: String!) { createTenant(name: $name) { id name } }
`);
const IssueApiKey = graphql(`
  mutation IssueApiKey($tenantId: ID!) {
    issueApiKey(tenantId: $tenantId) { id tenantId key prefix createdAt }
  }
`);
const RevokeApiKey = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }
`);

/** An admin call's outcome: its data, or a human error message from the error table. */
export type AdminResult<T> = { ok: true; data: T } | { ok: false; error: string };

const settle = <D, V extends AnyVariables, T>(
  result: OperationResult<D, V>,
  pick: (data: D) => T,
): AdminResult<T> =>
  result.error || !result.data
    ? { ok: false, error: describeError(result.error) ?? 'No answer from the gateway.' }
    : { ok: true, data: pick(result.data) };

/**
 * The admin mutations. Results that return no object name the typenames they change, so the
 * document cache refetches the fleet and tenant lists.
 */
export function createAdminActions() {
  const client = useClient();
  const changes = (...typenames: string[]) => ({ additionalTypenames: typenames });
  return {
    createInstance: async (label: string | null, tenantId: string | null) =>
      settle(
        await client.mutation(CreateInstance, { label, tenantId }).toPromise(),
        (d) => d.createInstance,
      ),
    registerInstance: async (instanceId: string, label: string | null, tenantId: string | null) =>
      settle(
        await client.mutation(RegisterInstance, { instanceId, label, tenantId }).toPromise(),
        (d) => d.registerInstance,
      ),
    assignInstance: async (instanceId: string, tenantId: string | null) =>
      settle(
        await client
          .mutation(AssignInstance, { instanceId, tenantId }, changes('Tenant'))
          .toPromise(),
        (d) => d.assignInstance,
      ),
    deleteInstance: async (instanceId: string) =>
      settle(
        await client.mutation(DeleteInstance, { instanceId }, changes('Instance')).toPromise(),
        (d) => d.deleteInstance,
      ),
    createTenant: async (name: string) =>
      settle(await client.mutation(CreateTenant, { name }).toPromise(), (d) => d.createTenant),
    issueApiKey: async (tenantId: string) =>
      settle(
        await client.mutation(IssueApiKey, { tenantId }, changes('ApiKeyInfo')).toPromise(),
        (d) => d.issueApiKey,
      ),
    revokeApiKey: async (id: string) =>
      settle(
        await client.mutation(RevokeApiKey, { id }, changes('ApiKeyInfo')).toPromise(),
        (d) => d.revokeApiKey,
      ),
  };
}

/** The tenants list for admin screens and pickers; paused (no request) unless `enabled()`. */
export function createTenantsList(enabled: () => boolean) {
  const [tenants] = createQuery({
    query: Tenants,
    pause: () => !enabled(),
    // empty lists carry no typename, so name what this query shows for cache invalidation
    context: { additionalTypenames: ['Tenant', 'Instance', 'ApiKeyInfo'] },
  });
  return {
    tenants: () => tenants.data?.tenants ?? [],
    loading: () => tenants.fetching && !tenants.data,
    error: () => describeError(tenants.error),
  };
}
