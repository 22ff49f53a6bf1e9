/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a WhatsApp session is in its lifecycle (Wawp session statuses). */
export type SessionStatus =
  /** Failed to start or lost its link; restart it, or log out and link again. */
  | 'FAILED'
  /** Waiting to be linked: scan `qrCode` or enter a pairing code on the phone. */
  | 'SCAN_QR_CODE'
  /** Starting; becomes SCAN_QR_CODE, WORKING or FAILED within seconds. */
  | 'STARTING'
  /** Not running; `startSession` (or `requestPairingCode`) starts it. */
  | 'STOPPED'
  /** Linked to a WhatsApp account and connected. */
  | 'WORKING';

/** What an API key may do. */
export type ViewerRole =
  /** The gateway admin key: every instance and the admin operations. */
  | 'ADMIN'
  /** A tenant key: only that tenant’s instances and their sessions. */
  | 'TENANT';

export type IntegratorSessionInfoQueryVariables = Exact<{
  instanceId: string | number;
}>;


export type IntegratorSessionInfoQuery = { sessionInfo: { instanceId: string, status: SessionStatus, observedAt: string, stale: boolean, me: { id: string, pushName: string | null } | null } };

export type IntegratorStartSessionMutationVariables = Exact<{
  instanceId: string | number;
}>;


export type IntegratorStartSessionMutation = { startSession: { instanceId: string, status: SessionStatus } };

export type IntegratorInstancesQueryVariables = Exact<{ [key: string]: never; }>;


export type IntegratorInstancesQuery = { viewer: { role: ViewerRole, tenantId: string | null }, instances: Array<{ instanceId: string, label: string | null, session: { status: SessionStatus } }> };

export type IntegratorQrCodeQueryVariables = Exact<{
  instanceId: string | number;
}>;


export type IntegratorQrCodeQuery = { qrCode: { value: string, imageDataUrl: string, expiresAt: string | null } | null };


export const IntegratorSessionInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntegratorSessionInfo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessionInfo"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"observedAt"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"pushName"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorSessionInfoQuery, IntegratorSessionInfoQueryVariables>;
export const IntegratorStartSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IntegratorStartSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<IntegratorStartSessionMutation, IntegratorStartSessionMutationVariables>;
export const IntegratorInstancesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntegratorInstances"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"tenantId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"instances"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"instanceId"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<IntegratorInstancesQuery, IntegratorInstancesQueryVariables>;
export const IntegratorQrCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntegratorQrCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"qrCode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"instanceId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"instanceId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"imageDataUrl"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<IntegratorQrCodeQuery, IntegratorQrCodeQueryVariables>;