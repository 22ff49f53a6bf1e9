import { describe, expect, it } from 'vitest';
import { createInterner } from './interner';

describe('createInterner', () => {
  it('returns the first copy of equal strings, and starts over past its size', () => {
    const interner = createInterner(2);
    const first = ['sub', 'scription'].join('');
    const again = ['subs', 'cription'].join('');
    expect(interner.intern(first)).toBe(first);
    expect(interner.intern(again)).toBe(first);
    interner.intern('b');
    interner.intern('c'); // a third distinct string: the memory starts over
    expect(interner.intern(again)).toBe(again);
  });
});
