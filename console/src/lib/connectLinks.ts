import { createQuery } from '@urql/solid';
import { type Accessor, createSignal } from 'solid-js';
import { graphql } from '../gql';
import type { CreateConnectLinkMutation } from '../gql/graphql';
import { type CommandResult, createCommand } from './createCommand';
import { describeError } from './errors';

const ConnectLinks = graphql(`
  query ConnectLinks($instanceId: ID!) {
    connectLinks(instanceId: $instanceId) { id instanceId expiresAt createdAt usedAt revokedAt }
  }
`);
const CreateConnectLink = graphql(`
  mutation CreateConnectLink($instanceId: ID!, $ttlMinutes: Int, $returnUrl: String) {
    createConnectLink(instanceId: $instanceId, ttlMinutes: $ttlMinutes, returnUrl: $returnUrl) {
      id instanceId url expiresAt createdAt usedAt revokedAt
    }
  }
`);
const RevokeConnectLinks = graphql(`
  mutation RevokeConnectLinks($instanceId: ID!) { revokeConnectLinks(instanceId: $instanceId) }
`);

/** A link just made: its `url` holds the token and exists only in this answer. */
export type CreatedLink = CreateConnectLinkMutation['createConnectLink'];

/**
 * The connect links of one instance: the list (refetched after every change here), `create`
 * and `revokeAll`. The URL of a created link is kept in memory only, until another is made or
 * the page is left. Call under urql's `Provider`.
 */
export function createConnectLinks(instanceId: Accessor<string>) {
  const [links, refetch] = createQuery({
    query: ConnectLinks,
    variables: () => ({ instanceId: instanceId() }),
    context: { additionalTypenames: ['ConnectLink'] },
  });
  // no cache invalidation by typename: each change here reloads the list itself, once
  const create = createCommand(CreateConnectLink, (d) => d.createConnectLink);
  const revoke = createCommand(RevokeConnectLinks, (d) => d.revokeConnectLinks);
  const [created, setCreated] = createSignal<CreatedLink | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return {
    links: () => links.data?.connectLinks ?? [],
    loading: () => links.fetching && !links.data,
    error: () => describeError(links.error),
    created,
    busy: () => create.busy() || revoke.busy(),
    /** Makes a link; on success it becomes `created()` and the list reloads. */
    async create(
      ttlMinutes: number,
      returnUrl: string | null,
    ): Promise<CommandResult<CreatedLink>> {
      const result = await create.run({ instanceId: instanceId(), ttlMinutes, returnUrl });
      if (result.ok) {
        setCreated(result.data);
        reload();
      }
      return result;
    },
    /** Revokes every open link; the shown URL goes with them. Resolves to how many ended. */
    async revokeAll(): Promise<CommandResult<number>> {
      const result = await revoke.run({ instanceId: instanceId() });
      if (result.ok) {
        setCreated(null);
        reload();
      }
      return result;
    },
  };
}

export type ConnectLinks = ReturnType<typeof createConnectLinks>;
