export { createEventReader } from './event-reader';
export { createStateCache } from './state-cache';
export { createSubscriptions } from './subscriptions';
export { createVisibility } from './visibility';
