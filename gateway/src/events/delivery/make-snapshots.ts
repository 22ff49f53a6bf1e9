import type { SessionEvent } from '@wawp-gateway/schema';
import { toCursor } from '../../store';
import type { MaterialisedState } from './apply-event';

/** What a set of snapshots is built from, all read in one tick. */
export interface SnapshotInput {
  instanceIds: readonly string[];
  /** The reader's position: the states are exactly as of this seq. */
  cursor: number;
  state(instanceId: string): MaterialisedState | null;
  /** False when the subscriber asked to resume from a cursor that could not be honoured. */
  resumed: boolean;
  /** Whether Wawp answers for `instanceId`; when it does not, that snapshot is marked stale. */
  healthy(instanceId: string): boolean;
}

/**
 * One `SessionSnapshot` per instance with a known state. The cursor is the reader's position, so
 * resuming after it replays exactly what came after the snapshot.
 */
export function makeSnapshots(input: SnapshotInput): SessionEvent[] {
  const occurredAt = new Date();
  const snapshots: SessionEvent[] = [];
  for (const instanceId of input.instanceIds) {
    const state = input.state(instanceId);
    if (state) {
      snapshots.push({
        kind: 'SessionSnapshot',
        cursor: toCursor(input.cursor),
        instanceId,
        occurredAt,
        source: 'GATEWAY',
        session: { ...state.session, stale: state.session.stale || !input.healthy(instanceId) },
        qrCode: state.session.status === 'SCAN_QR_CODE' ? state.qrCode : null,
        resumed: input.resumed,
      });
    }
  }
  return snapshots;
}
