import { describe, expect, it } from 'vitest';
import { isErrorBody, parseRetryAfter, toFailure } from './decode-error';

const SECRET = 'tok-secret-123';
const fail = (httpStatus: number, body: unknown, retryAfter: string | null = null) =>
  toFailure({ route: 'session/info', httpStatus, body, retryAfter, secret: SECRET });

describe('isErrorBody', () => {
  it.each([
    [{ error: 'boom' }, true],
    [{ error: { message: 'x' } }, true],
    [{ success: false, message: 'no' }, true],
    [{ code: 'invalid_instance', message: 'gone' }, true],
    [{ code: 'invalid_instance', message: 'gone', status: 404 }, true],
    [{ code: 'ok', message: 'done', data: { id: 1 } }, false],
    [{ error: null, status: 'WORKING' }, false],
    [{ success: true }, false],
    [{ name: 'wawp-1', status: 'WORKING' }, false],
    [{ instance_id: 'X', deleted: true }, false],
    [null, false],
    [[], false],
  ])('%j -> %j', (body, expected) => {
    expect(isErrorBody(body)).toBe(expected);
  });
});

describe('toFailure', () => {
  it.each([
    [400, 'missing_parameter', 'bad_request'],
    [401, 'invalid_access_token', 'auth'],
    [403, 'subscription_required', 'forbidden'],
    [403, 'quota_reached', 'forbidden'],
    [404, 'invalid_instance', 'not_found'],
    [405, 'method_not_allowed', 'bad_request'],
    [429, 'rate_limited', 'rate_limited'],
    [500, 'internal_error', 'upstream'],
    [502, 'wawp_upstream_error', 'upstream'],
    [503, undefined, 'upstream'],
  ])('HTTP %i (%s) -> %s', (status, code, kind) => {
    const error = fail(status, { status, code, message: 'x', error: 'y' });
    expect(error).toMatchObject({ kind, httpStatus: status, code, route: 'session/info' });
  });

  it('reads the Wawp 422 gate body: session_status and expected', () => {
    const error = fail(422, {
      status: 422,
      code: 'session_status_unexpected',
      message: 'Engine is refreshing its state, retry shortly',
      session_status: 'STARTING',
      expected: ['SCAN_QR_CODE'],
    });
    expect(error).toMatchObject({
      kind: 'status_gate',
      sessionStatus: 'STARTING',
      expected: ['SCAN_QR_CODE'],
    });
    expect(error.message).toContain('Engine is refreshing');
  });

  it('reads the WAHA 422 gate body, where status is a string', () => {
    const error = fail(422, {
      error: 'Session status is not as expected.',
      session: 'default',
      status: 'FAILED',
      expected: ['SCAN_QR_CODE'],
    });
    expect(error).toMatchObject({ kind: 'status_gate', sessionStatus: 'FAILED' });
  });

  it('maps an unknown gate status to UNKNOWN', () => {
    expect(fail(422, { status: 'ZOMBIE', expected: [] }).sessionStatus).toBe('UNKNOWN');
  });

  it('reads Retry-After as milliseconds', () => {
    expect(fail(429, { code: 'rate_limited' }, '2').retryAfterMs).toBe(2000);
    expect(fail(429, {}, null).retryAfterMs).toBeUndefined();
  });

  it('maps 2xx bodies carrying an error by code, body status, or to upstream', () => {
    expect(fail(200, { code: 'invalid_instance', message: 'gone' }).kind).toBe('not_found');
    expect(fail(200, { code: 'invalid_access_token', message: 'no' }).kind).toBe('auth');
    expect(fail(200, { status: 422, error: 'x', expected: ['WORKING'] }).kind).toBe('status_gate');
    expect(fail(200, { statusCode: 404, error: 'x' }).kind).toBe('not_found');
    expect(fail(200, { success: false }).kind).toBe('upstream');
  });

  it('never copies the token or credential-shaped text into the message', () => {
    const error = fail(401, {
      message: `token ${SECRET} rejected; url ?access_token=${SECRET}x&a=1`,
      code: `bad_${SECRET}`,
    });
    expect(error.message).not.toContain(SECRET);
    expect(error.code).not.toContain(SECRET);
    expect(fail(500, { message: 'access-token: abc123' }).message).not.toContain('abc123');
  });

  it('quotes no non-JSON body', () => {
    const error = fail(502, undefined);
    expect(error.message).toBe('Wawp session/info failed with HTTP 502');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:05 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
