/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Path (or absolute URL) of the gateway's GraphQL endpoint. @default '/graphql' */
  readonly VITE_GRAPHQL_PATH?: string;
}
