export { createPollManager, type PollManager, type PollManagerOptions } from './poll-manager';
export { isWatchdogRestart } from './watchdog';
