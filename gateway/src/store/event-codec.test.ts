import { describe, expect, it } from 'vitest';
import { makeEventOfEachKind } from '../testing/sample-events';
import { toCursor, toSeq } from './cursor';
import { toEventColumns, toSessionEvent } from './event-codec';

describe('event codec', () => {
  it('round-trips every kind through JSON, restoring only the Date fields', () => {
    for (const [i, event] of makeEventOfEachKind('inst-1').entries()) {
      const columns = toEventColumns(event);
      const decoded = toSessionEvent({
        seq: String(i + 1),
        instance_id: columns.instanceId,
        kind: columns.kind,
        source: columns.source,
        occurred_at: new Date(columns.occurredAt),
        payload: JSON.parse(columns.payload),
      });
      expect(decoded).toEqual({ ...event, cursor: String(i + 1) });
    }
  });

  it('keeps date-looking strings as strings', () => {
    const [, working] = makeEventOfEachKind('inst-1');
    const columns = toEventColumns(working!);
    const decoded = toSessionEvent({
      seq: 7,
      instance_id: 'inst-1',
      kind: columns.kind,
      source: columns.source,
      occurred_at: new Date(columns.occurredAt),
      payload: JSON.parse(columns.payload),
    });
    expect(decoded.kind === 'SessionSnapshot' && typeof decoded.session.me?.pushName).toBe(
      'string',
    );
  });

  it('rejects an unknown kind', () => {
    const row = {
      seq: 1,
      instance_id: 'x',
      kind: 'Nope',
      source: 'POLL',
      occurred_at: new Date(),
      payload: {},
    };
    expect(() => toSessionEvent(row)).toThrow(/unknown event kind/);
  });

  it('converts between cursors and seqs', () => {
    expect(toCursor(42)).toBe('42');
    expect(toSeq('42')).toBe(42);
    expect(toSeq('0')).toBe(0);
    for (const bad of ['', '-1', '1.5', 'abc', '1e3', '1234567890123456']) {
      expect(toSeq(bad)).toBeNull();
    }
  });
});
