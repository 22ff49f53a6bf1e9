/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query IntegratorSessionInfo($instanceId: ID!) {\n    sessionInfo(instanceId: $instanceId) {\n      instanceId\n      status\n      observedAt\n      stale\n      me {\n        id\n        pushName\n      }\n    }\n  }\n": typeof types.IntegratorSessionInfoDocument,
    "\n  mutation IntegratorStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) {\n      instanceId\n      status\n    }\n  }\n": typeof types.IntegratorStartSessionDocument,
    "\n  query IntegratorInstances {\n    viewer {\n      role\n      tenantId\n    }\n    instances {\n      instanceId\n      label\n      session {\n        status\n      }\n    }\n  }\n": typeof types.IntegratorInstancesDocument,
    "\n  query IntegratorQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) {\n      value\n      imageDataUrl\n      expiresAt\n    }\n  }\n": typeof types.IntegratorQrCodeDocument,
};
const documents: Documents = {
    "\n  query IntegratorSessionInfo($instanceId: ID!) {\n    sessionInfo(instanceId: $instanceId) {\n      instanceId\n      status\n      observedAt\n      stale\n      me {\n        id\n        pushName\n      }\n    }\n  }\n": types.IntegratorSessionInfoDocument,
    "\n  mutation IntegratorStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) {\n      instanceId\n      status\n    }\n  }\n": types.IntegratorStartSessionDocument,
    "\n  query IntegratorInstances {\n    viewer {\n      role\n      tenantId\n    }\n    instances {\n      instanceId\n      label\n      session {\n        status\n      }\n    }\n  }\n": types.IntegratorInstancesDocument,
    "\n  query IntegratorQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) {\n      value\n      imageDataUrl\n      expiresAt\n    }\n  }\n": types.IntegratorQrCodeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegratorSessionInfo($instanceId: ID!) {\n    sessionInfo(instanceId: $instanceId) {\n      instanceId\n      status\n      observedAt\n      stale\n      me {\n        id\n        pushName\n      }\n    }\n  }\n"): (typeof documents)["\n  query IntegratorSessionInfo($instanceId: ID!) {\n    sessionInfo(instanceId: $instanceId) {\n      instanceId\n      status\n      observedAt\n      stale\n      me {\n        id\n        pushName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IntegratorStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) {\n      instanceId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation IntegratorStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) {\n      instanceId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegratorInstances {\n    viewer {\n      role\n      tenantId\n    }\n    instances {\n      instanceId\n      label\n      session {\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  query IntegratorInstances {\n    viewer {\n      role\n      tenantId\n    }\n    instances {\n      instanceId\n      label\n      session {\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegratorQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) {\n      value\n      imageDataUrl\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  query IntegratorQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) {\n      value\n      imageDataUrl\n      expiresAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;