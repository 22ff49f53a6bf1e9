export { createInstanceResolver, type InstanceResolverOptions } from './instance-resolver';
export { parseWebhook, type WebhookObservation } from './parse-webhook';
export {
  type RegisterWebhooksOptions,
  type RegisterWebhooksResult,
  registerWebhooks,
  toInstanceWebhookUrl,
  unregisterWebhooks,
} from './register-webhooks';
export { useWebhookIngest, type WebhookIngestOptions } from './use-webhook-ingest';
export {
  createWebhookCredentials,
  type WebhookCredentials,
  type WebhookCredentialsOptions,
} from './webhook-credentials';
