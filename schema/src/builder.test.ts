import { isScalarType, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from './errors';
import { schema } from './modules/index';

const scalar = schema.getType('DateTime');
if (!isScalarType(scalar)) {
  throw new Error('DateTime scalar missing');
}

describe('DateTime', () => {
  it('serialises to ISO 8601 in UTC', () => {
    expect(scalar.serialize(new Date('2026-11-24T23:30:00+02:00'))).toBe(
      '2026-11-24T21:30:00.000Z',
    );
    expect(() => scalar.serialize(new Date('nope'))).toThrow(TypeError);
  });

  it.each([
    ['2026-11-24T21:25:00Z', '2026-11-24T21:25:00.000Z'],
    ['2026-11-24T21:25Z', '2026-11-24T21:25:00.000Z'],
    ['2026-11-24T23:25:00.123+02:00', '2026-11-24T21:25:00.123Z'],
  ])('parses %s', (input, iso) => {
    expect((scalar.parseValue(input) as Date).toISOString()).toBe(iso);
    expect((scalar.parseLiteral({ kind: Kind.STRING, value: input }) as Date).toISOString()).toBe(
      iso,
    );
  });

  it.each([
    ['2026-11-24'],
    ['2026-11-24T21:25:00'],
    ['2026-13-45T99:00:00Z'],
    ['2026-02-30T10:00:00Z'],
    ['tomorrow'],
    [42],
  ])('refuses %j with BAD_USER_INPUT', (input) => {
    let error: unknown;
    try {
      scalar.parseValue(input);
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, 'BAD_USER_INPUT')).toBe(true);
    expect((error as Error).message).toMatch(/ISO 8601 string with a time zone/);
  });
});
