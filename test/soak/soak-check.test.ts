import { describe, expect, it } from 'vitest';
import { compareWithLog, totalOf } from './soak-check';

// the log of one instance: seqs are global, so not dense
const log = [3, 7, 8, 15, 21, 30];

describe('compareWithLog', () => {
  it('finds nothing when the window was received once each', () => {
    expect(compareWithLog(log, [8, 15, 21], 7, 21)).toEqual({
      gaps: [],
      duplicates: [],
      unknown: [],
    });
  });

  it('ignores what is past the cut', () => {
    expect(compareWithLog(log, [8, 15, 21, 30], 7, 21).gaps).toEqual([]);
  });

  it('calls a dropped event a gap', () => {
    expect(compareWithLog(log, [8, 21], 7, 21).gaps).toEqual([15]);
    expect(compareWithLog(log, [8, 15], 7, 21).gaps).toEqual([21]);
  });

  it('calls an event received twice a duplicate, across reconnects too', () => {
    expect(compareWithLog(log, [8, 15, 15, 21], 7, 21).duplicates).toEqual([15]);
  });

  it('calls a cursor outside the window, or of another instance, unknown', () => {
    expect(compareWithLog(log, [7, 8, 9, 15, 21], 7, 21).unknown).toEqual([7, 9]);
  });

  it('adds up', () => {
    const one = compareWithLog(log, [8, 8, 21], 7, 21);
    expect(totalOf([one, one])).toEqual({ gaps: 2, duplicates: 2, unknown: 0 });
  });
});
