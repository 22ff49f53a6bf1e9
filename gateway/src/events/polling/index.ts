export { createPollManager, type PollManager, type PollManagerOptions } from './poll-manager';
