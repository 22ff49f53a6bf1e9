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
    "\n  fragment AccountCard_account on Account {\n    id\n    pushName\n  }\n": typeof types.AccountCard_AccountFragmentDoc,
    "\n  fragment QrCountdown_qrCode on QrCode {\n    value\n    imageDataUrl\n    expiresAt\n  }\n": typeof types.QrCountdown_QrCodeFragmentDoc,
    "\n  fragment ScreenshotPanel_screenshot on Screenshot {\n    mimeType\n    dataUrl\n    takenAt\n  }\n": typeof types.ScreenshotPanel_ScreenshotFragmentDoc,
    "\n  subscription ConnectEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      ... on SessionSnapshot {\n        session { status me { id pushName } }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on SessionDisconnected { reason }\n    }\n  }\n": typeof types.ConnectEventsDocument,
    "\n  mutation ConnectStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { status }\n  }\n": typeof types.ConnectStartSessionDocument,
    "\n  mutation ConnectRequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n": typeof types.ConnectRequestPairingCodeDocument,
    "\n  query ConnectQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) { expiresAt ...QrCountdown_qrCode }\n  }\n": typeof types.ConnectQrCodeDocument,
    "\n  query Tenants {\n    tenants {\n      id\n      name\n      createdAt\n      instances { instanceId label }\n      apiKeys { id prefix createdAt revokedAt }\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n": typeof types.TenantsDocument,
    "\n  mutation CreateInstance($label: String, $tenantId: ID, $externalRef: String) {\n    createInstance(label: $label, tenantId: $tenantId, externalRef: $externalRef) {\n      instanceId label tenantId externalRef\n    }\n  }\n": typeof types.CreateInstanceDocument,
    "\n  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID, $externalRef: String) {\n    registerInstance(\n      instanceId: $instanceId, label: $label, tenantId: $tenantId, externalRef: $externalRef\n    ) { instanceId label tenantId externalRef }\n  }\n": typeof types.RegisterInstanceDocument,
    "\n  mutation AssignInstance($instanceId: ID!, $tenantId: ID) {\n    assignInstance(instanceId: $instanceId, tenantId: $tenantId) { instanceId tenantId }\n  }\n": typeof types.AssignInstanceDocument,
    "\n  mutation DeleteInstance($instanceId: ID!) { deleteInstance(instanceId: $instanceId) }\n": typeof types.DeleteInstanceDocument,
    "\n  mutation CreateTenant($name: String!) { createTenant(name: $name) { id name } }\n": typeof types.CreateTenantDocument,
    "\n  mutation IssueApiKey($tenantId: ID!) {\n    issueApiKey(tenantId: $tenantId) { id tenantId key prefix createdAt }\n  }\n": typeof types.IssueApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation StartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": typeof types.StartSessionDocument,
    "\n  mutation RestartSession($instanceId: ID!) {\n    restartSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": typeof types.RestartSessionDocument,
    "\n  mutation StopSession($instanceId: ID!) {\n    stopSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": typeof types.StopSessionDocument,
    "\n  mutation Logout($instanceId: ID!) {\n    logout(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": typeof types.LogoutDocument,
    "\n  query ConnectLinks($instanceId: ID!) {\n    connectLinks(instanceId: $instanceId) { id instanceId expiresAt createdAt usedAt revokedAt }\n  }\n": typeof types.ConnectLinksDocument,
    "\n  mutation CreateConnectLink($instanceId: ID!, $ttlMinutes: Int, $returnUrl: String) {\n    createConnectLink(instanceId: $instanceId, ttlMinutes: $ttlMinutes, returnUrl: $returnUrl) {\n      id instanceId url expiresAt createdAt usedAt revokedAt\n    }\n  }\n": typeof types.CreateConnectLinkDocument,
    "\n  mutation RevokeConnectLinks($instanceId: ID!) { revokeConnectLinks(instanceId: $instanceId) }\n": typeof types.RevokeConnectLinksDocument,
    "\n  query NotificationDeliveries($endpointId: ID!, $first: Int, $after: String) {\n    notificationDeliveries(endpointId: $endpointId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id kind instanceId status attempts lastResponseStatus lastError nextAttemptAt createdAt\n          deliveredAt\n        }\n      }\n      hasNextPage\n    }\n  }\n": typeof types.NotificationDeliveriesDocument,
    "\n  mutation RedeliverNotification($deliveryId: ID!) {\n    redeliverNotification(deliveryId: $deliveryId) { id status attempts nextAttemptAt }\n  }\n": typeof types.RedeliverNotificationDocument,
    "\n  query FleetInstances {\n    instances {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName } }\n    }\n  }\n": typeof types.FleetInstancesDocument,
    "\n  subscription FleetEvents {\n    sessionEvents {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      ... on SessionSnapshot { session { status observedAt stale me { id pushName } } }\n      ... on SessionStatusChanged { status }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on UpstreamHealthChanged { healthy }\n    }\n  }\n": typeof types.FleetEventsDocument,
    "\n  query NotificationEndpoints($tenantId: ID!) {\n    notificationEndpoints(tenantId: $tenantId) {\n      id tenantId url kinds description includeConnectLink connectLinkTtlMinutes enabled\n      disabledReason createdAt\n    }\n  }\n": typeof types.NotificationEndpointsDocument,
    "\n  mutation CreateNotificationEndpoint($tenantId: ID!, $input: NotificationEndpointInput!) {\n    createNotificationEndpoint(tenantId: $tenantId, input: $input) {\n      secret\n      endpoint { id url }\n    }\n  }\n": typeof types.CreateNotificationEndpointDocument,
    "\n  mutation UpdateNotificationEndpoint($id: ID!, $input: NotificationEndpointInput!) {\n    updateNotificationEndpoint(id: $id, input: $input) {\n      id url kinds description includeConnectLink connectLinkTtlMinutes enabled disabledReason\n    }\n  }\n": typeof types.UpdateNotificationEndpointDocument,
    "\n  mutation SetNotificationEndpointEnabled($id: ID!, $enabled: Boolean!) {\n    setNotificationEndpointEnabled(id: $id, enabled: $enabled) { id enabled disabledReason }\n  }\n": typeof types.SetNotificationEndpointEnabledDocument,
    "\n  mutation DeleteNotificationEndpoint($id: ID!) { deleteNotificationEndpoint(id: $id) }\n": typeof types.DeleteNotificationEndpointDocument,
    "\n  mutation RotateNotificationSecret($id: ID!) {\n    rotateNotificationSecret(id: $id) { secret endpoint { id } }\n  }\n": typeof types.RotateNotificationSecretDocument,
    "\n  mutation SendTestNotification($id: ID!) {\n    sendTestNotification(id: $id) { id kind status createdAt }\n  }\n": typeof types.SendTestNotificationDocument,
    "\n  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n": typeof types.RequestPairingCodeDocument,
    "\n  query Screenshot($instanceId: ID!) {\n    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }\n  }\n": typeof types.ScreenshotDocument,
    "\n  subscription InstanceEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      source\n      ... on SessionSnapshot {\n        resumed\n        session {\n          status\n          observedAt\n          stale\n          me { id pushName ...AccountCard_account }\n        }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName ...AccountCard_account } }\n      ... on SessionDisconnected { reason }\n      ... on UpstreamHealthChanged { healthy detail }\n    }\n  }\n": typeof types.InstanceEventsDocument,
    "\n  mutation UpdateTenantBranding($tenantId: ID!, $input: TenantBrandingInput!) {\n    updateTenantBranding(tenantId: $tenantId, input: $input) {\n      id\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n": typeof types.UpdateTenantBrandingDocument,
    "\n  query Viewer {\n    viewer {\n      role\n      tenantId\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  query Instance($instanceId: ID!) {\n    instance(instanceId: $instanceId) {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName ...AccountCard_account } }\n    }\n  }\n": typeof types.InstanceDocument,
    "\n  query TenantName($id: ID!) { tenant(id: $id) { id name } }\n": typeof types.TenantNameDocument,
    "\n  query AssignableInstances { instances { instanceId label tenantId } }\n": typeof types.AssignableInstancesDocument,
};
const documents: Documents = {
    "\n  fragment AccountCard_account on Account {\n    id\n    pushName\n  }\n": types.AccountCard_AccountFragmentDoc,
    "\n  fragment QrCountdown_qrCode on QrCode {\n    value\n    imageDataUrl\n    expiresAt\n  }\n": types.QrCountdown_QrCodeFragmentDoc,
    "\n  fragment ScreenshotPanel_screenshot on Screenshot {\n    mimeType\n    dataUrl\n    takenAt\n  }\n": types.ScreenshotPanel_ScreenshotFragmentDoc,
    "\n  subscription ConnectEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      ... on SessionSnapshot {\n        session { status me { id pushName } }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on SessionDisconnected { reason }\n    }\n  }\n": types.ConnectEventsDocument,
    "\n  mutation ConnectStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { status }\n  }\n": types.ConnectStartSessionDocument,
    "\n  mutation ConnectRequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n": types.ConnectRequestPairingCodeDocument,
    "\n  query ConnectQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) { expiresAt ...QrCountdown_qrCode }\n  }\n": types.ConnectQrCodeDocument,
    "\n  query Tenants {\n    tenants {\n      id\n      name\n      createdAt\n      instances { instanceId label }\n      apiKeys { id prefix createdAt revokedAt }\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n": types.TenantsDocument,
    "\n  mutation CreateInstance($label: String, $tenantId: ID, $externalRef: String) {\n    createInstance(label: $label, tenantId: $tenantId, externalRef: $externalRef) {\n      instanceId label tenantId externalRef\n    }\n  }\n": types.CreateInstanceDocument,
    "\n  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID, $externalRef: String) {\n    registerInstance(\n      instanceId: $instanceId, label: $label, tenantId: $tenantId, externalRef: $externalRef\n    ) { instanceId label tenantId externalRef }\n  }\n": types.RegisterInstanceDocument,
    "\n  mutation AssignInstance($instanceId: ID!, $tenantId: ID) {\n    assignInstance(instanceId: $instanceId, tenantId: $tenantId) { instanceId tenantId }\n  }\n": types.AssignInstanceDocument,
    "\n  mutation DeleteInstance($instanceId: ID!) { deleteInstance(instanceId: $instanceId) }\n": types.DeleteInstanceDocument,
    "\n  mutation CreateTenant($name: String!) { createTenant(name: $name) { id name } }\n": types.CreateTenantDocument,
    "\n  mutation IssueApiKey($tenantId: ID!) {\n    issueApiKey(tenantId: $tenantId) { id tenantId key prefix createdAt }\n  }\n": types.IssueApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n": types.RevokeApiKeyDocument,
    "\n  mutation StartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": types.StartSessionDocument,
    "\n  mutation RestartSession($instanceId: ID!) {\n    restartSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": types.RestartSessionDocument,
    "\n  mutation StopSession($instanceId: ID!) {\n    stopSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": types.StopSessionDocument,
    "\n  mutation Logout($instanceId: ID!) {\n    logout(instanceId: $instanceId) { instanceId status observedAt }\n  }\n": types.LogoutDocument,
    "\n  query ConnectLinks($instanceId: ID!) {\n    connectLinks(instanceId: $instanceId) { id instanceId expiresAt createdAt usedAt revokedAt }\n  }\n": types.ConnectLinksDocument,
    "\n  mutation CreateConnectLink($instanceId: ID!, $ttlMinutes: Int, $returnUrl: String) {\n    createConnectLink(instanceId: $instanceId, ttlMinutes: $ttlMinutes, returnUrl: $returnUrl) {\n      id instanceId url expiresAt createdAt usedAt revokedAt\n    }\n  }\n": types.CreateConnectLinkDocument,
    "\n  mutation RevokeConnectLinks($instanceId: ID!) { revokeConnectLinks(instanceId: $instanceId) }\n": types.RevokeConnectLinksDocument,
    "\n  query NotificationDeliveries($endpointId: ID!, $first: Int, $after: String) {\n    notificationDeliveries(endpointId: $endpointId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id kind instanceId status attempts lastResponseStatus lastError nextAttemptAt createdAt\n          deliveredAt\n        }\n      }\n      hasNextPage\n    }\n  }\n": types.NotificationDeliveriesDocument,
    "\n  mutation RedeliverNotification($deliveryId: ID!) {\n    redeliverNotification(deliveryId: $deliveryId) { id status attempts nextAttemptAt }\n  }\n": types.RedeliverNotificationDocument,
    "\n  query FleetInstances {\n    instances {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName } }\n    }\n  }\n": types.FleetInstancesDocument,
    "\n  subscription FleetEvents {\n    sessionEvents {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      ... on SessionSnapshot { session { status observedAt stale me { id pushName } } }\n      ... on SessionStatusChanged { status }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on UpstreamHealthChanged { healthy }\n    }\n  }\n": types.FleetEventsDocument,
    "\n  query NotificationEndpoints($tenantId: ID!) {\n    notificationEndpoints(tenantId: $tenantId) {\n      id tenantId url kinds description includeConnectLink connectLinkTtlMinutes enabled\n      disabledReason createdAt\n    }\n  }\n": types.NotificationEndpointsDocument,
    "\n  mutation CreateNotificationEndpoint($tenantId: ID!, $input: NotificationEndpointInput!) {\n    createNotificationEndpoint(tenantId: $tenantId, input: $input) {\n      secret\n      endpoint { id url }\n    }\n  }\n": types.CreateNotificationEndpointDocument,
    "\n  mutation UpdateNotificationEndpoint($id: ID!, $input: NotificationEndpointInput!) {\n    updateNotificationEndpoint(id: $id, input: $input) {\n      id url kinds description includeConnectLink connectLinkTtlMinutes enabled disabledReason\n    }\n  }\n": types.UpdateNotificationEndpointDocument,
    "\n  mutation SetNotificationEndpointEnabled($id: ID!, $enabled: Boolean!) {\n    setNotificationEndpointEnabled(id: $id, enabled: $enabled) { id enabled disabledReason }\n  }\n": types.SetNotificationEndpointEnabledDocument,
    "\n  mutation DeleteNotificationEndpoint($id: ID!) { deleteNotificationEndpoint(id: $id) }\n": types.DeleteNotificationEndpointDocument,
    "\n  mutation RotateNotificationSecret($id: ID!) {\n    rotateNotificationSecret(id: $id) { secret endpoint { id } }\n  }\n": types.RotateNotificationSecretDocument,
    "\n  mutation SendTestNotification($id: ID!) {\n    sendTestNotification(id: $id) { id kind status createdAt }\n  }\n": types.SendTestNotificationDocument,
    "\n  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n": types.RequestPairingCodeDocument,
    "\n  query Screenshot($instanceId: ID!) {\n    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }\n  }\n": types.ScreenshotDocument,
    "\n  subscription InstanceEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      source\n      ... on SessionSnapshot {\n        resumed\n        session {\n          status\n          observedAt\n          stale\n          me { id pushName ...AccountCard_account }\n        }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName ...AccountCard_account } }\n      ... on SessionDisconnected { reason }\n      ... on UpstreamHealthChanged { healthy detail }\n    }\n  }\n": types.InstanceEventsDocument,
    "\n  mutation UpdateTenantBranding($tenantId: ID!, $input: TenantBrandingInput!) {\n    updateTenantBranding(tenantId: $tenantId, input: $input) {\n      id\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n": types.UpdateTenantBrandingDocument,
    "\n  query Viewer {\n    viewer {\n      role\n      tenantId\n    }\n  }\n": types.ViewerDocument,
    "\n  query Instance($instanceId: ID!) {\n    instance(instanceId: $instanceId) {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName ...AccountCard_account } }\n    }\n  }\n": types.InstanceDocument,
    "\n  query TenantName($id: ID!) { tenant(id: $id) { id name } }\n": types.TenantNameDocument,
    "\n  query AssignableInstances { instances { instanceId label tenantId } }\n": types.AssignableInstancesDocument,
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
export function graphql(source: "\n  fragment AccountCard_account on Account {\n    id\n    pushName\n  }\n"): (typeof documents)["\n  fragment AccountCard_account on Account {\n    id\n    pushName\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QrCountdown_qrCode on QrCode {\n    value\n    imageDataUrl\n    expiresAt\n  }\n"): (typeof documents)["\n  fragment QrCountdown_qrCode on QrCode {\n    value\n    imageDataUrl\n    expiresAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ScreenshotPanel_screenshot on Screenshot {\n    mimeType\n    dataUrl\n    takenAt\n  }\n"): (typeof documents)["\n  fragment ScreenshotPanel_screenshot on Screenshot {\n    mimeType\n    dataUrl\n    takenAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConnectEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      ... on SessionSnapshot {\n        session { status me { id pushName } }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on SessionDisconnected { reason }\n    }\n  }\n"): (typeof documents)["\n  subscription ConnectEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      ... on SessionSnapshot {\n        session { status me { id pushName } }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on SessionDisconnected { reason }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { status }\n  }\n"): (typeof documents)["\n  mutation ConnectStartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConnectRequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n"): (typeof documents)["\n  mutation ConnectRequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) { expiresAt ...QrCountdown_qrCode }\n  }\n"): (typeof documents)["\n  query ConnectQrCode($instanceId: ID!) {\n    qrCode(instanceId: $instanceId) { expiresAt ...QrCountdown_qrCode }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tenants {\n    tenants {\n      id\n      name\n      createdAt\n      instances { instanceId label }\n      apiKeys { id prefix createdAt revokedAt }\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n"): (typeof documents)["\n  query Tenants {\n    tenants {\n      id\n      name\n      createdAt\n      instances { instanceId label }\n      apiKeys { id prefix createdAt revokedAt }\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInstance($label: String, $tenantId: ID, $externalRef: String) {\n    createInstance(label: $label, tenantId: $tenantId, externalRef: $externalRef) {\n      instanceId label tenantId externalRef\n    }\n  }\n"): (typeof documents)["\n  mutation CreateInstance($label: String, $tenantId: ID, $externalRef: String) {\n    createInstance(label: $label, tenantId: $tenantId, externalRef: $externalRef) {\n      instanceId label tenantId externalRef\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID, $externalRef: String) {\n    registerInstance(\n      instanceId: $instanceId, label: $label, tenantId: $tenantId, externalRef: $externalRef\n    ) { instanceId label tenantId externalRef }\n  }\n"): (typeof documents)["\n  mutation RegisterInstance($instanceId: ID!, $label: String, $tenantId: ID, $externalRef: String) {\n    registerInstance(\n      instanceId: $instanceId, label: $label, tenantId: $tenantId, externalRef: $externalRef\n    ) { instanceId label tenantId externalRef }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignInstance($instanceId: ID!, $tenantId: ID) {\n    assignInstance(instanceId: $instanceId, tenantId: $tenantId) { instanceId tenantId }\n  }\n"): (typeof documents)["\n  mutation AssignInstance($instanceId: ID!, $tenantId: ID) {\n    assignInstance(instanceId: $instanceId, tenantId: $tenantId) { instanceId tenantId }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteInstance($instanceId: ID!) { deleteInstance(instanceId: $instanceId) }\n"): (typeof documents)["\n  mutation DeleteInstance($instanceId: ID!) { deleteInstance(instanceId: $instanceId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenant($name: String!) { createTenant(name: $name) { id name } }\n"): (typeof documents)["\n  mutation CreateTenant($name: String!) { createTenant(name: $name) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueApiKey($tenantId: ID!) {\n    issueApiKey(tenantId: $tenantId) { id tenantId key prefix createdAt }\n  }\n"): (typeof documents)["\n  mutation IssueApiKey($tenantId: ID!) {\n    issueApiKey(tenantId: $tenantId) { id tenantId key prefix createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"): (typeof documents)["\n  mutation StartSession($instanceId: ID!) {\n    startSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestartSession($instanceId: ID!) {\n    restartSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"): (typeof documents)["\n  mutation RestartSession($instanceId: ID!) {\n    restartSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopSession($instanceId: ID!) {\n    stopSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"): (typeof documents)["\n  mutation StopSession($instanceId: ID!) {\n    stopSession(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($instanceId: ID!) {\n    logout(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"): (typeof documents)["\n  mutation Logout($instanceId: ID!) {\n    logout(instanceId: $instanceId) { instanceId status observedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConnectLinks($instanceId: ID!) {\n    connectLinks(instanceId: $instanceId) { id instanceId expiresAt createdAt usedAt revokedAt }\n  }\n"): (typeof documents)["\n  query ConnectLinks($instanceId: ID!) {\n    connectLinks(instanceId: $instanceId) { id instanceId expiresAt createdAt usedAt revokedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateConnectLink($instanceId: ID!, $ttlMinutes: Int, $returnUrl: String) {\n    createConnectLink(instanceId: $instanceId, ttlMinutes: $ttlMinutes, returnUrl: $returnUrl) {\n      id instanceId url expiresAt createdAt usedAt revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation CreateConnectLink($instanceId: ID!, $ttlMinutes: Int, $returnUrl: String) {\n    createConnectLink(instanceId: $instanceId, ttlMinutes: $ttlMinutes, returnUrl: $returnUrl) {\n      id instanceId url expiresAt createdAt usedAt revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeConnectLinks($instanceId: ID!) { revokeConnectLinks(instanceId: $instanceId) }\n"): (typeof documents)["\n  mutation RevokeConnectLinks($instanceId: ID!) { revokeConnectLinks(instanceId: $instanceId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationDeliveries($endpointId: ID!, $first: Int, $after: String) {\n    notificationDeliveries(endpointId: $endpointId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id kind instanceId status attempts lastResponseStatus lastError nextAttemptAt createdAt\n          deliveredAt\n        }\n      }\n      hasNextPage\n    }\n  }\n"): (typeof documents)["\n  query NotificationDeliveries($endpointId: ID!, $first: Int, $after: String) {\n    notificationDeliveries(endpointId: $endpointId, first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id kind instanceId status attempts lastResponseStatus lastError nextAttemptAt createdAt\n          deliveredAt\n        }\n      }\n      hasNextPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverNotification($deliveryId: ID!) {\n    redeliverNotification(deliveryId: $deliveryId) { id status attempts nextAttemptAt }\n  }\n"): (typeof documents)["\n  mutation RedeliverNotification($deliveryId: ID!) {\n    redeliverNotification(deliveryId: $deliveryId) { id status attempts nextAttemptAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FleetInstances {\n    instances {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName } }\n    }\n  }\n"): (typeof documents)["\n  query FleetInstances {\n    instances {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription FleetEvents {\n    sessionEvents {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      ... on SessionSnapshot { session { status observedAt stale me { id pushName } } }\n      ... on SessionStatusChanged { status }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on UpstreamHealthChanged { healthy }\n    }\n  }\n"): (typeof documents)["\n  subscription FleetEvents {\n    sessionEvents {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      ... on SessionSnapshot { session { status observedAt stale me { id pushName } } }\n      ... on SessionStatusChanged { status }\n      ... on SessionAuthenticated { me { id pushName } }\n      ... on UpstreamHealthChanged { healthy }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationEndpoints($tenantId: ID!) {\n    notificationEndpoints(tenantId: $tenantId) {\n      id tenantId url kinds description includeConnectLink connectLinkTtlMinutes enabled\n      disabledReason createdAt\n    }\n  }\n"): (typeof documents)["\n  query NotificationEndpoints($tenantId: ID!) {\n    notificationEndpoints(tenantId: $tenantId) {\n      id tenantId url kinds description includeConnectLink connectLinkTtlMinutes enabled\n      disabledReason createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateNotificationEndpoint($tenantId: ID!, $input: NotificationEndpointInput!) {\n    createNotificationEndpoint(tenantId: $tenantId, input: $input) {\n      secret\n      endpoint { id url }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateNotificationEndpoint($tenantId: ID!, $input: NotificationEndpointInput!) {\n    createNotificationEndpoint(tenantId: $tenantId, input: $input) {\n      secret\n      endpoint { id url }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateNotificationEndpoint($id: ID!, $input: NotificationEndpointInput!) {\n    updateNotificationEndpoint(id: $id, input: $input) {\n      id url kinds description includeConnectLink connectLinkTtlMinutes enabled disabledReason\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateNotificationEndpoint($id: ID!, $input: NotificationEndpointInput!) {\n    updateNotificationEndpoint(id: $id, input: $input) {\n      id url kinds description includeConnectLink connectLinkTtlMinutes enabled disabledReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationEndpointEnabled($id: ID!, $enabled: Boolean!) {\n    setNotificationEndpointEnabled(id: $id, enabled: $enabled) { id enabled disabledReason }\n  }\n"): (typeof documents)["\n  mutation SetNotificationEndpointEnabled($id: ID!, $enabled: Boolean!) {\n    setNotificationEndpointEnabled(id: $id, enabled: $enabled) { id enabled disabledReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteNotificationEndpoint($id: ID!) { deleteNotificationEndpoint(id: $id) }\n"): (typeof documents)["\n  mutation DeleteNotificationEndpoint($id: ID!) { deleteNotificationEndpoint(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateNotificationSecret($id: ID!) {\n    rotateNotificationSecret(id: $id) { secret endpoint { id } }\n  }\n"): (typeof documents)["\n  mutation RotateNotificationSecret($id: ID!) {\n    rotateNotificationSecret(id: $id) { secret endpoint { id } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestNotification($id: ID!) {\n    sendTestNotification(id: $id) { id kind status createdAt }\n  }\n"): (typeof documents)["\n  mutation SendTestNotification($id: ID!) {\n    sendTestNotification(id: $id) { id kind status createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n"): (typeof documents)["\n  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {\n    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Screenshot($instanceId: ID!) {\n    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }\n  }\n"): (typeof documents)["\n  query Screenshot($instanceId: ID!) {\n    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InstanceEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      source\n      ... on SessionSnapshot {\n        resumed\n        session {\n          status\n          observedAt\n          stale\n          me { id pushName ...AccountCard_account }\n        }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName ...AccountCard_account } }\n      ... on SessionDisconnected { reason }\n      ... on UpstreamHealthChanged { healthy detail }\n    }\n  }\n"): (typeof documents)["\n  subscription InstanceEvents($instanceId: ID!, $after: String) {\n    sessionEvents(instanceId: $instanceId, after: $after) {\n      __typename\n      cursor\n      instanceId\n      occurredAt\n      source\n      ... on SessionSnapshot {\n        resumed\n        session {\n          status\n          observedAt\n          stale\n          me { id pushName ...AccountCard_account }\n        }\n        qrCode { expiresAt ...QrCountdown_qrCode }\n      }\n      ... on SessionStatusChanged { status previousStatus }\n      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }\n      ... on SessionAuthenticated { me { id pushName ...AccountCard_account } }\n      ... on SessionDisconnected { reason }\n      ... on UpstreamHealthChanged { healthy detail }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenantBranding($tenantId: ID!, $input: TenantBrandingInput!) {\n    updateTenantBranding(tenantId: $tenantId, input: $input) {\n      id\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTenantBranding($tenantId: ID!, $input: TenantBrandingInput!) {\n    updateTenantBranding(tenantId: $tenantId, input: $input) {\n      id\n      branding {\n        displayName logoDataUrl accentColor supportUrl allowedReturnOrigins allowedEmbedOrigins\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      role\n      tenantId\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      role\n      tenantId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Instance($instanceId: ID!) {\n    instance(instanceId: $instanceId) {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName ...AccountCard_account } }\n    }\n  }\n"): (typeof documents)["\n  query Instance($instanceId: ID!) {\n    instance(instanceId: $instanceId) {\n      instanceId\n      label\n      externalRef\n      tenantId\n      session { status observedAt stale me { id pushName ...AccountCard_account } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantName($id: ID!) { tenant(id: $id) { id name } }\n"): (typeof documents)["\n  query TenantName($id: ID!) { tenant(id: $id) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AssignableInstances { instances { instanceId label tenantId } }\n"): (typeof documents)["\n  query AssignableInstances { instances { instanceId label tenantId } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;