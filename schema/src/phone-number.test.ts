import { describe, expect, it } from 'vitest';
import { hasErrorCode } from './errors';
import { normalizePhoneNumber } from './phone-number';

const EGYPT = '201145202826';

describe('normalizePhoneNumber', () => {
  it.each([
    ['+20 114 520 2826', EGYPT],
    ['+201145202826', EGYPT],
    ['0020 114 520 2826', EGYPT],
    ['00201145202826', EGYPT],
    ['201145202826', EGYPT],
    ['20 114 520 2826', EGYPT],
    ['+20-114-520-2826', EGYPT],
    ['+20.114.520.2826', EGYPT],
    ['+20 (114) 520-2826', EGYPT],
    ['(+20) 114 520 2826', EGYPT],
    ['+20 0114 520 2826', EGYPT], // national trunk "0" kept after the country code
    ['  +20 114 520 2826\t', EGYPT],
    ['+20\u00a0114\u00a0520\u00a02826', EGYPT], // no-break spaces from copy and paste
    ['+20–114–520–2826', EGYPT], // en dashes
    ['+٢٠ ١١٤ ٥٢٠ ٢٨٢٦', EGYPT], // Arabic-Indic digits
    ['+20/114/520/2826', EGYPT],
    ['+1 (201) 555-0123', '12015550123'],
    ['+44 (0) 7911 123456', '447911123456'],
    ['+49 151 23456789', '4915123456789'],
    ['0049 151 23456789', '4915123456789'],
    ['+86 138 1234 5678', '8613812345678'],
    ['+7 999 123-45-67', '79991234567'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizePhoneNumber(input)).toBe(expected);
  });

  it.each([
    ['', 'phoneNumber is empty; enter it with the country code, e.g. +20 114 520 2826'],
    ['   ', 'phoneNumber is empty; enter it with the country code, e.g. +20 114 520 2826'],
    ['01145202826', 'phoneNumber must include the country code, e.g. +20 114 520 2826'],
    ['0114 520 2826', 'phoneNumber must include the country code, e.g. +20 114 520 2826'],
    [
      '+20 114 520 282x',
      'phoneNumber may contain only digits, spaces, "+", "-", ".", "/", "(" and ")"',
    ],
    ['call me', 'phoneNumber may contain only digits, spaces, "+", "-", ".", "/", "(" and ")"'],
    [
      '+20 114 520 2826 ext 5',
      'phoneNumber may contain only digits, spaces, "+", "-", ".", "/", "(" and ")"',
    ],
    ['20+1145202826', 'phoneNumber may contain one "+", only before the country code'],
    ['++201145202826', 'phoneNumber may contain one "+", only before the country code'],
    ['+', 'phoneNumber has no digits; e.g. +20 114 520 2826'],
    ['(-)', 'phoneNumber has no digits; e.g. +20 114 520 2826'],
    [
      '+999 1234 5678',
      'phoneNumber does not start with a known country code, e.g. +20 114 520 2826',
    ],
    ['+20 11', 'phoneNumber is too short (4 digits with the country code), e.g. +20 114 520 2826'],
    [
      '+20 114 520 2826 1234',
      'phoneNumber is too long (16 digits with the country code), e.g. +20 114 520 2826',
    ],
    [
      '+20 114 520 282',
      'phoneNumber is not a valid number for country code +20; check the digits, e.g. +20 114 520 2826',
    ],
    [
      '+44 1632 960961',
      'phoneNumber is not a valid number for country code +44; check the digits, e.g. +20 114 520 2826',
    ],
    ['1'.repeat(41), 'phoneNumber is too long (at most 40 characters)'],
  ])('rejects %j: %s', (input, message) => {
    let error: unknown;
    try {
      normalizePhoneNumber(input);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'BAD_USER_INPUT')).toBe(true);
    expect((error as Error).message).toBe(message);
    expect((error as { extensions: { field: string } }).extensions.field).toBe('phoneNumber');
  });
});
