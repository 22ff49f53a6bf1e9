import { compareWithLog, type Discrepancy, totalOf } from './soak-check';
import type { ResultMessage } from './soak-protocol';
import { spread } from './soak-report';

/** What {@link judge} needs: the clients' record and the authorities to check it against. */
export interface Evidence {
  result: ResultMessage;
  /** Seqs of an instance's events in the log, increasing. */
  seqsOf(instanceId: string): readonly number[];
  /** The log position the run settled at: windows end there. */
  cut: number;
  /** The simulator's status of each instance once at rest. */
  finalStatuses: ReadonlyMap<string, string>;
  /** What the replicas logged (pino JSON lines). */
  replicaOutput: string;
  /** Replicas whose process exited without being killed. */
  crashed: string[];
}

/** The outcome: figures for the report, and every reason the run failed (none: it passed). */
export interface Verdict {
  loss: { gaps: number; duplicates: number; unknown: number };
  examples: string[];
  statuses: { agree: number; total: number; mismatches: string[] };
  received: number[];
  replicaErrors: string[];
  failures: string[];
}

const describe = (i: number, instanceId: string, from: number, found: Discrepancy) =>
  `subscriber ${i} (${instanceId}, from ${from}): gaps [${found.gaps.slice(0, 10).join(', ')}] duplicates [${found.duplicates.slice(0, 10).join(', ')}] unknown [${found.unknown.slice(0, 10).join(', ')}]`;

/** Checks every subscriber against the log and the simulator, and lists what went wrong. */
export function judge(evidence: Evidence): Verdict {
  const { result, cut, finalStatuses } = evidence;
  const failures: string[] = [];
  const discrepancies: Discrepancy[] = [];
  const examples: string[] = [];
  const mismatches: string[] = [];
  let agree = 0;
  result.subscribers.forEach((record, i) => {
    if (record.firstSnapshot === null) {
      failures.push(`subscriber ${i} never got a snapshot`);
      return;
    }
    const found = compareWithLog(
      evidence.seqsOf(record.instanceId),
      record.cursors,
      record.firstSnapshot,
      cut,
    );
    discrepancies.push(found);
    const wrong = found.gaps.length + found.duplicates.length + found.unknown.length > 0;
    if (wrong && examples.length < 10) {
      examples.push(describe(i, record.instanceId, record.firstSnapshot, found));
    }
    const expected = finalStatuses.get(record.instanceId);
    if (record.status === expected) {
      agree += 1;
    } else {
      mismatches.push(
        `subscriber ${i} (${record.instanceId}): ${record.status}, simulator ${expected}`,
      );
    }
  });
  const loss = totalOf(discrepancies);
  const received = result.subscribers.map((s) => s.cursors.length);
  const replicaErrors = evidence.replicaOutput
    .split('\n')
    .filter((line) => /"level":(50|60)/.test(line));
  const check = (failed: boolean, reason: string) => {
    if (failed) {
      failures.push(reason);
    }
  };
  check(loss.gaps > 0, `${loss.gaps} gaps`);
  check(loss.duplicates > 0, `${loss.duplicates} duplicates`);
  check(loss.unknown > 0, `${loss.unknown} unknown cursors`);
  check(mismatches.length > 0, `${mismatches.length} subscribers disagree with the simulator`);
  check(result.errorCount > 0, `${result.errorCount} client errors`);
  check(evidence.crashed.length > 0, `replica ${evidence.crashed.join(', ')} exited on its own`);
  check(
    replicaErrors.some((line) => line.includes('"level":60')),
    'a replica logged at fatal level',
  );
  check(spread(received).min < 5, 'events did not flow (a subscriber received fewer than 5)');
  return {
    loss,
    examples,
    statuses: { agree, total: result.subscribers.length, mismatches },
    received,
    replicaErrors,
    failures,
  };
}

/**
 * `--self-test`: drops one received event (one of its instance's, within the window) of one
 * subscriber and repeats one of another's, so the check must find a gap and a duplicate.
 */
export function tamper(
  result: ResultMessage,
  seqsOf: (instanceId: string) => readonly number[],
  cut: number,
) {
  const [first, second] = result.subscribers.filter((s) => s.cursors.some((c) => c <= cut));
  if (first) {
    const index = first.cursors.findIndex((c) => c <= cut && seqsOf(first.instanceId).includes(c));
    first.cursors.splice(index, 1);
  }
  if (second) {
    second.cursors.push(second.cursors[0] as number);
  }
}
