export { createInstanceResolver, type InstanceResolverOptions } from './instance-resolver';
export { parseWebhook, type WebhookObservation } from './parse-webhook';
export {
  type RegisterWebhooksOptions,
  type RegisterWebhooksResult,
  registerWebhooks,
  toInstanceWebhookUrl,
} from './register-webhooks';
export { useWebhookIngest, type WebhookIngestOptions } from './use-webhook-ingest';
