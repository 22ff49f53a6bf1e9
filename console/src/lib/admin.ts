import { createQuery } from '@urql/solid';
import { graphql } from '../gql';
import { createCommand } from './createCommand';
import { describeError } from './errors';

export const Tenants = graphql(`
  query Tenants {
    tenants {
      id
      name
      createdAt
      instances { instanceId label }
      apiKeys { id prefix createdAt revokedAt }
      branding {
        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins
      }
    }
  }
`);
const CreateInstance = graphql(`
  mutation CreateInstance($label: String, $tenantId: ID, $externalRef: String) {
    createInstance(label: $label, tenantId: $tenantId, externalRef: $externalRef) {
      instanceId label tenantId externalRef
    }
  }
`);
const RegisterInstance = graphql(`
  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID, $externalRef: String) {
    registerInstance(
      instanceId: $instanceId, label: $label, tenantId: $tenantId, externalRef: $externalRef
    ) { instanceId label tenantId externalRef }
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

/**
 * The admin mutations, each resolving to a `CommandResult`; `busy()` is true while one of them
 * awaits its answer. Results that return no object name the typenames they change, so the
 * document cache refetches the fleet and tenant lists. Call under urql's `Provider`.
 */
export function createAdminActions() {
  const changes = (...typenames: string[]) => ({ additionalTypenames: typenames });
  const commands = {
    createInstance: createCommand(CreateInstance, (d) => d.createInstance),
    registerInstance: createCommand(RegisterInstance, (d) => d.registerInstance),
    assignInstance: createCommand(AssignInstance, (d) => d.assignInstance, changes('Tenant')),
    deleteInstance: createCommand(DeleteInstance, (d) => d.deleteInstance, changes('Instance')),
    createTenant: createCommand(CreateTenant, (d) => d.createTenant),
    issueApiKey: createCommand(IssueApiKey, (d) => d.issueApiKey, changes('ApiKeyInfo')),
    revokeApiKey: createCommand(RevokeApiKey, (d) => d.revokeApiKey, changes('ApiKeyInfo')),
  };
  return {
    busy: () => Object.values(commands).some((command) => command.busy()),
    /** `externalRef`: `undefined` leaves it out (kept), null or blank clears it. */
    createInstance: (label: string | null, tenantId: string | null, externalRef?: string | null) =>
      commands.createInstance.run({ label, tenantId, externalRef }),
    registerInstance: (
      instanceId: string,
      label: string | null,
      tenantId: string | null,
      externalRef?: string | null,
    ) => commands.registerInstance.run({ instanceId, label, tenantId, externalRef }),
    assignInstance: (instanceId: string, tenantId: string | null) =>
      commands.assignInstance.run({ instanceId, tenantId }),
    deleteInstance: (instanceId: string) => commands.deleteInstance.run({ instanceId }),
    createTenant: (name: string) => commands.createTenant.run({ name }),
    issueApiKey: (tenantId: string) => commands.issueApiKey.run({ tenantId }),
    revokeApiKey: (id: string) => commands.revokeApiKey.run({ id }),
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
