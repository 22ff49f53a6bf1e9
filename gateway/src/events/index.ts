export { createEventHub, type EventHub, type EventHubOptions } from './hub';
export {
  createIntents,
  fromRead,
  type IngestFlags,
  type IngestResult,
  type Intents,
} from './ingest';
export {
  createPollManager,
  isWatchdogRestart,
  type PollManager,
  type PollManagerOptions,
} from './polling';
export type {
  EventDraft,
  EventsLogger,
  EventsSessions,
  Intent,
  KnownState,
  Observation,
} from './types';
export {
  createInstanceResolver,
  createWebhookCredentials,
  type InstanceResolverOptions,
  parseWebhook,
  type RegisterWebhooksOptions,
  type RegisterWebhooksResult,
  registerWebhooks,
  toInstanceWebhookUrl,
  unregisterWebhooks,
  useWebhookIngest,
  type WebhookCredentials,
  type WebhookIngestOptions,
  type WebhookObservation,
} from './webhooks';
