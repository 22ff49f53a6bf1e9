import { emptyResult, type Scenario } from '../types';

/** A scenario not measured yet: its entry says why, with `ours: null` and `met: null`. */
const placeholder = (name: Scenario['name'], target: string, note: string): Scenario => ({
  name,
  run: async () => emptyResult(name, target, note),
});

/** `memory`: RSS delta ÷ N per idle subscriber. Not measured yet. */
export const memory = placeholder(
  'memory',
  'RSS delta ÷ N ≤ 16 KiB per idle subscriber at 10,000 and 30,000',
  'not implemented yet: needs the gateway and baseline (a) each in a process of their own (the ' +
    'in-process harness would count the client worker in the same RSS)',
);

/** `scale`: 3 replicas on one Postgres with many instances. */
export const scale = placeholder(
  'scale',
  '≤ 1 status read per instance per interval across the cluster; even lease owners; cross-replica p99',
  'not implemented yet: needs 3 replica processes (test/events/replica-process.ts) on a scratch ' +
    'Postgres schema; the simulator quota option allows up to 10,000 instances per simulator',
);
