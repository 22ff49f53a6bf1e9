export { createEventHub, type EventHub, type EventHubOptions } from './hub';
export type { IngestFlags, IngestResult } from './ingest';
export { confirms, type DiffContext, diff, needsConfirmation, toKnownState } from './normalize';
export { parseWebhook, type WebhookObservation } from './parse-webhook';
export { createPollManager, type PollManager, type PollManagerOptions } from './poller';
export {
  type RegisterWebhooksOptions,
  type RegisterWebhooksResult,
  registerWebhooks,
  toInstanceWebhookUrl,
} from './register-webhooks';
export { createInstanceResolver, type InstanceResolverOptions } from './resolve-instance';
export { type SharedExecutionOptions, useSharedExecution } from './shared-execution';
export type { EventDraft, EventsLogger, Intent, KnownState, Observation } from './types';
export { useWebhookIngest, type WebhookIngestOptions } from './webhook';
