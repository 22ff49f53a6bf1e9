import type { FaultStore } from './faults';
import type { InstanceStore } from './instance-store';
import type { SimulatorPlan } from './options';
import type { PollFloor } from './poll-floor';
import type { RequestLog } from './request-log';
import type { Scheduler } from './scheduler';
import type { SessionMachine } from './session-machine';
import type { SimulatorLogger } from './types';

/** @private The services one simulator's HTTP surfaces share. */
export interface SimDeps {
  accessToken: string;
  /** How many instances the account may hold. */
  quota: number;
  /** `metadata.user_id` of the simulated account. */
  userId: string;
  store: InstanceStore;
  machine: SessionMachine;
  scheduler: Scheduler;
  faults: FaultStore;
  requestLog: RequestLog;
  pollFloor: PollFloor;
  logger: SimulatorLogger;
  /** `'free'` closes the paid-only routes with 403 `subscription_required`. */
  plan: SimulatorPlan;
  /** `false` = the per-URL webhook routes are not served (404). */
  perUrlWebhooks: boolean;
}
