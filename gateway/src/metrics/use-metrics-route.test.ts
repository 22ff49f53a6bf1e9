import { describe, expect, it } from 'vitest';
import { bearerMatches } from './use-metrics-route';

describe('bearerMatches', () => {
  const token = 'scrape-token-0123456789';
  it('accepts exactly Bearer <token>', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer  ${token} `, token)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const header of [
      null,
      '',
      token,
      'Bearer',
      `Bearer ${token}x`,
      `Bearer ${token.slice(0, -1)}`,
      `Basic ${token}`,
    ]) {
      expect(bearerMatches(header, token), String(header)).toBe(false);
    }
  });
});
