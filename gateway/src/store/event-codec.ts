import type { EventSource, QrCode, SessionEvent, SessionEventKind } from '@wawp-gateway/schema';
import { toCursor } from './cursor';
import type { NewSessionEvent } from './event-log-types';

/** @private The columns of one `session_events` row as written (`payload` is JSON text). */
export interface EventColumns {
  instanceId: string;
  kind: SessionEventKind;
  source: EventSource;
  /** ISO 8601. */
  occurredAt: string;
  payload: string;
}

/** @private A stored row as read back (`seq` in any int8 representation). */
export interface EventRow {
  seq: string | number | bigint;
  instance_id: string;
  kind: string;
  source: string;
  occurred_at: Date;
  payload: unknown;
}

/** What JSON makes of `T`: `Date`s become ISO strings. */
type Jsonified<T> = T extends Date
  ? string
  : T extends object
    ? { [K in keyof T]: Jsonified<T[K]> }
    : T;

type Payload<K extends SessionEventKind> = Jsonified<
  Omit<Extract<NewSessionEvent, { kind: K }>, 'kind' | 'instanceId' | 'source' | 'occurredAt'>
>;

/** @private Splits an event into columns; the kind-specific rest goes to JSONB (Dates as ISO). */
export function toEventColumns(event: NewSessionEvent): EventColumns {
  const { instanceId, kind, source, occurredAt, ...rest } = event;
  return {
    instanceId,
    kind,
    source,
    occurredAt: occurredAt.toISOString(),
    payload: JSON.stringify(rest),
  };
}

/**
 * @private Rebuilds a `SessionEvent` from its row, restoring the `Date`s by kind (never by
 * guessing which strings look like dates); fields added to an event later come back as stored. Throws on a kind this code does not know.
 */
export function toSessionEvent(row: EventRow): SessionEvent {
  const base = {
    cursor: toCursor(Number(row.seq)),
    instanceId: row.instance_id,
    occurredAt: row.occurred_at,
    source: row.source as EventSource,
  };
  const kind = row.kind as SessionEventKind;
  switch (kind) {
    case 'SessionSnapshot': {
      const p = row.payload as Payload<typeof kind>;
      const { answeredAt, ...session } = p.session;
      return {
        ...base,
        ...p,
        kind,
        session: {
          ...session,
          observedAt: new Date(session.observedAt),
          ...(answeredAt ? { answeredAt: new Date(answeredAt) } : {}),
        },
        qrCode: p.qrCode && toQrCode(p.qrCode),
      };
    }
    case 'QrCodeUpdated': {
      const p = row.payload as Payload<typeof kind>;
      return { ...base, ...p, kind, qrCode: toQrCode(p.qrCode) };
    }
    case 'SessionStatusChanged': {
      const p = row.payload as Payload<typeof kind>;
      return { ...base, ...p, kind };
    }
    case 'SessionAuthenticated': {
      const p = row.payload as Payload<typeof kind>;
      return { ...base, ...p, kind };
    }
    case 'SessionDisconnected': {
      const p = row.payload as Payload<typeof kind>;
      return { ...base, ...p, kind };
    }
    case 'UpstreamHealthChanged': {
      const p = row.payload as Payload<typeof kind>;
      return { ...base, ...p, kind };
    }
    default:
      throw new Error(`store: unknown event kind "${String(kind satisfies never)}"`);
  }
}

/** @private */
export function toQrCode(json: Jsonified<QrCode>): QrCode {
  return { ...json, expiresAt: json.expiresAt === null ? null : new Date(json.expiresAt) };
}
