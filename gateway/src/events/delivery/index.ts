export { createEventReader } from './event-reader';
export { createFollows } from './follows';
export { createStateCache } from './state-cache';
export { createSubscriptions } from './subscriptions';
export { createVisibility } from './visibility';
