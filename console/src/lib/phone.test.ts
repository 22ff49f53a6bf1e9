import { describe, expect, it } from 'vitest';
import { checkPhoneNumber, formatPairingCode } from './phone';

describe('checkPhoneNumber', () => {
  it.each(['+20 114 520 2826', '0020 114-520-2826', '201145202826', '+1 (415) 555-0100'])(
    'accepts %s as typed',
    (input) => expect(checkPhoneNumber(` ${input} `)).toEqual({ ok: true, value: input }),
  );

  it.each([
    ['', /Enter the phone number/],
    ['+20 abc', /digits only/],
    ['20+114520', /\+ may only come first/],
    ['01145202826', /country code/],
    ['+20 114', /Too short/],
    ['+20 1145 2028 2612 3456', /Too long/],
  ])('rejects %j and says why', (input, reason) => {
    const check = checkPhoneNumber(input);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toMatch(reason);
  });
});

describe('formatPairingCode', () => {
  it('groups the 8 characters as XXXX-XXXX', () => {
    expect(formatPairingCode('abcd2345')).toBe('ABCD-2345');
    expect(formatPairingCode('ABCD-2345')).toBe('ABCD-2345');
    expect(formatPairingCode('')).toBe('');
  });
});
