import { CombinedError } from '@urql/core';
import { ERROR_CODES, ErrorCode } from '@wawp-gateway/schema/protocol';
import { describe, expect, it } from 'vitest';
import { describeError, ERROR_MESSAGES, firstErrorCodeOf, toErrorMessage } from './errors';

const gqlError = (code: string, extra: Record<string, unknown> = {}, message = 'raw server text') =>
  new CombinedError({ graphQLErrors: [{ message, extensions: { code, ...extra } }] });

describe('error message table', () => {
  it('has one human sentence for every gateway code, and nothing else', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) {
      const text = toErrorMessage({ message: '', extensions: { code } });
      expect(text, code).toMatch(/^[A-Z].+\.$/);
      expect(text, code).not.toContain(code);
    }
  });

  it('says when to retry from retryAfterMs', () => {
    expect(
      toErrorMessage({
        message: 'x',
        extensions: { code: ErrorCode.UpstreamUnavailable, retryAfterMs: 2_500 },
      }),
    ).toBe('Wawp is not answering right now. Try again in 3 s.');
    expect(toErrorMessage({ message: 'x', extensions: { code: ErrorCode.RateLimited } })).toBe(
      'Too many requests. Try again shortly.',
    );
    expect(
      toErrorMessage({
        message: 'x',
        extensions: { code: ErrorCode.QrRefreshing, retryAfterMs: 1_000 },
      }),
    ).toContain('fresh QR code. Try again in 1 s.');
  });

  it('names the current status for SESSION_NOT_READY', () => {
    expect(
      toErrorMessage({
        message: 'x',
        extensions: { code: ErrorCode.SessionNotReady, status: 'WORKING' },
      }),
    ).toBe('The session is WORKING; this action needs another status.');
  });

  it('keeps the gateway reason for BAD_USER_INPUT, and the message for unknown codes', () => {
    expect(
      toErrorMessage({
        message: 'Not a phone number: too short',
        extensions: { code: ErrorCode.BadUserInput },
      }),
    ).toBe('Not a phone number: too short');
    expect(toErrorMessage({ message: 'Strange', extensions: { code: 'NOPE' } })).toBe('Strange');
  });

  it('reads urql errors: GraphQL code first, then the transport', () => {
    expect(firstErrorCodeOf(gqlError(ErrorCode.NotFound))).toBe(ErrorCode.NotFound);
    expect(describeError(gqlError(ErrorCode.NotFound))).toBe(
      ERROR_MESSAGES[ErrorCode.NotFound]({}),
    );
    expect(describeError(new CombinedError({ networkError: new Error('fetch failed') }))).toMatch(
      /Cannot reach the gateway/,
    );
    expect(describeError(undefined)).toBeNull();
  });

  it('finds the first GraphQL error that carries a gateway code', () => {
    const mixed = new CombinedError({
      graphQLErrors: [
        { message: 'plain' },
        { message: 'odd', extensions: { code: 'NOPE' } },
        { message: 'no', extensions: { code: ErrorCode.Forbidden } },
      ],
    });
    expect(firstErrorCodeOf(mixed)).toBe(ErrorCode.Forbidden);
    expect(firstErrorCodeOf(new CombinedError({ networkError: new Error('down') }))).toBeNull();
    expect(firstErrorCodeOf(undefined)).toBeNull();
  });
});
