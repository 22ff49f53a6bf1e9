import { describe, expect, it } from 'vitest';
import { checkTtlMinutes, linkStateOf } from './linkState';

const now = Date.parse('2026-11-24T12:00:00.000Z');
const later = '2026-11-24T12:30:00.000Z';
const earlier = '2026-11-24T11:30:00.000Z';

describe('connect link state', () => {
  it('is active, used, revoked or expired, what ended it winning over expiry', () => {
    expect(linkStateOf({ expiresAt: later }, now)).toBe('active');
    expect(linkStateOf({ expiresAt: earlier }, now)).toBe('expired');
    expect(linkStateOf({ expiresAt: earlier, usedAt: earlier }, now)).toBe('used');
    expect(linkStateOf({ expiresAt: later, revokedAt: earlier }, now)).toBe('revoked');
  });

  it('accepts whole minutes from 5 to 1440 only', () => {
    expect(checkTtlMinutes('5')).toBeNull();
    expect(checkTtlMinutes('1440')).toBeNull();
    for (const bad of ['4', '1441', '', '30.5', 'abc', '-10']) {
      expect(checkTtlMinutes(bad)).toMatch(/from 5 to 1440/);
    }
  });
});
