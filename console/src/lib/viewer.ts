import { createQuery } from '@urql/solid';
import { graphql } from '../gql';

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      tenantId
    }
  }
`);

/** Who the key belongs to; `isAdmin()` gates the admin screens and forms. */
export function createViewer() {
  const [viewer] = createQuery({ query: ViewerQuery });
  return {
    isAdmin: () => viewer.data?.viewer.role === 'ADMIN',
    tenantId: () => viewer.data?.viewer.tenantId ?? null,
    loading: () => viewer.fetching,
  };
}
