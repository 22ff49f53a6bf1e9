import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import {
  describeError,
  ERROR_MESSAGES,
  errorCodeOf,
  type GatewayErrorCode,
  toErrorMessage,
} from './errors';

const CODES: GatewayErrorCode[] = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'SESSION_NOT_READY',
  'QR_REFRESHING',
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_AUTH_FAILED',
  'INTERNAL',
];

const gqlError = (code: string, extra: Record<string, unknown> = {}, message = 'raw server text') =>
  new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extra } }] });

describe('error message table', () => {
  it('has one human sentence for every gateway code, and nothing else', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...CODES].sort());
    for (const code of CODES) {
      const text = toErrorMessage({ message: '', extensions: { code } });
      expect(text, code).toMatch(/^[A-Z].+\.$/);
      expect(text, code).not.toContain(code);
    }
  });

  it('says when to retry from retryAfterMs', () => {
    expect(
      toErrorMessage({
        message: 'x',
        extensions: { code: 'UPSTREAM_UNAVAILABLE', retryAfterMs: 2_500 },
      }),
    ).toBe('Wawp is not answering right now. Try again in 3 s.');
    expect(toErrorMessage({ message: 'x', extensions: { code: 'RATE_LIMITED' } })).toBe(
      'Too many requests. Try again shortly.',
    );
    expect(
      toErrorMessage({ message: 'x', extensions: { code: 'QR_REFRESHING', retryAfterMs: 1_000 } }),
    ).toContain('fresh QR code. Try again in 1 s.');
  });

  it('names the current status for SESSION_NOT_READY', () => {
    expect(
      toErrorMessage({
        message: 'x',
        extensions: { code: 'SESSION_NOT_READY', status: 'WORKING' },
      }),
    ).toBe('The session is WORKING; this action needs another status.');
  });

  it('keeps the gateway reason for BAD_USER_INPUT, and the message for unknown codes', () => {
    expect(
      toErrorMessage({
        message: 'Not a phone number: too short',
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ).toBe('Not a phone number: too short');
    expect(toErrorMessage({ message: 'Strange', extensions: { code: 'NOPE' } })).toBe('Strange');
  });

  it('reads urql errors: GraphQL code first, then the transport', () => {
    expect(errorCodeOf(gqlError('NOT_FOUND'))).toBe('NOT_FOUND');
    expect(describeError(gqlError('NOT_FOUND'))).toBe(ERROR_MESSAGES.NOT_FOUND({}));
    expect(describeError(new CombinedError({ networkError: new Error('fetch failed') }))).toMatch(
      /Cannot reach the gateway/,
    );
    expect(describeError(undefined)).toBeNull();
  });
});
