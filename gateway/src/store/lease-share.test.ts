import { describe, expect, it } from 'vitest';
import { type LeaseRequest, leasesToAsk, leasesToGive } from './lease-share';

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('leasesToAsk', () => {
  it('asks the busiest store first, until no store holds two more than the asker', () => {
    expect(leasesToAsk(counts({ a: 30, b: 0, c: 0 }), 'b', 100)).toEqual(new Map([['a', 15]]));
    expect(leasesToAsk(counts({ a: 12, b: 9, c: 0 }), 'c', 100)).toEqual(
      new Map([
        ['a', 5],
        ['b', 2],
      ]),
    );
  });

  it('asks for no more than it would poll, and nothing when within one of the busiest', () => {
    expect(leasesToAsk(counts({ a: 30, b: 0 }), 'b', 4)).toEqual(new Map([['a', 4]]));
    expect(leasesToAsk(counts({ a: 11, b: 10 }), 'b', 100)).toEqual(new Map());
    expect(leasesToAsk(counts({ a: 30 }), 'a', 100)).toEqual(new Map());
  });
});

describe('leasesToGive', () => {
  const asks = (...wantedBy: string[]): LeaseRequest[] =>
    wantedBy.map((who, i) => ({ instanceId: `i${i}`, wantedBy: who }));

  it('grants while it holds at least two more than the asker, counting what it gave', () => {
    const given = leasesToGive(counts({ a: 10, b: 4 }), 'a', asks('b', 'b', 'b', 'b', 'b'));
    expect(given.map((r) => r.instanceId)).toEqual(['i0', 'i1', 'i2']); // 7 and 7
  });

  it('grants the asker holding fewest first, so that concurrent askers end up even', () => {
    const given = leasesToGive(counts({ a: 30, b: 0, c: 0 }), 'a', [
      ...asks('b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b', 'b'),
      ...asks('c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c'),
    ]);
    expect(given.filter((r) => r.wantedBy === 'b')).toHaveLength(10);
    expect(given.filter((r) => r.wantedBy === 'c')).toHaveLength(10);
  });

  it('never grants a store that is not alive, nor itself', () => {
    expect(leasesToGive(counts({ a: 10 }), 'a', asks('gone', 'a'))).toEqual([]);
  });
});

describe('asking and giving together', () => {
  it('converges from any start to stores within one lease of each other, never trading back', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let trial = 0; trial < 50; trial += 1) {
      const stores = ['a', 'b', 'c', 'd'].slice(0, 2 + Math.floor(random() * 3));
      const held = new Map(stores.map((s) => [s, Math.floor(random() * 200)]));
      const total = [...held.values()].reduce((x, y) => x + y, 0);
      let moves = 0;
      for (let round = 0; round < 50; round += 1) {
        for (const asker of stores) {
          for (const [donor, n] of leasesToAsk(held, asker, total)) {
            const requests = Array.from({ length: n }, (_, i) => ({
              instanceId: `${donor}${i}`,
              wantedBy: asker,
            }));
            const given = leasesToGive(held, donor, requests).length;
            held.set(donor, (held.get(donor) ?? 0) - given);
            held.set(asker, (held.get(asker) ?? 0) + given);
            moves += given;
          }
        }
      }
      const values = [...held.values()];
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      expect(values.reduce((x, y) => x + y, 0)).toBe(total);
      // each move narrows the gap by at least one: no lease went back and forth
      expect(moves).toBeLessThanOrEqual(total);
    }
  });
});
