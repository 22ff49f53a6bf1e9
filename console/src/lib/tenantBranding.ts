import { graphql } from '../gql';
import type { TenantBrandingInput } from '../gql/graphql';
import { createCommand } from './createCommand';

const UpdateTenantBranding = graphql(`
  mutation UpdateTenantBranding($tenantId: ID!, $input: TenantBrandingInput!) {
    updateTenantBranding(tenantId: $tenantId, input: $input) {
      id
      branding {
        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins
      }
    }
  }
`);

/**
 * Saves a tenant's whole branding (`updateTenantBranding`; fields left null are cleared). The
 * answer is a `Tenant`, so the tenants list refetches. Call under urql's `Provider`.
 */
export function createBrandingSaver() {
  const command = createCommand(UpdateTenantBranding, (d) => d.updateTenantBranding);
  return {
    busy: command.busy,
    save: (tenantId: string, input: TenantBrandingInput) => command.run({ tenantId, input }),
  };
}
