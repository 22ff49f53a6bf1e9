import { ErrorCode } from '@wawp-gateway/schema';
import { describe, expect, it } from 'vitest';
import { clientErrorBody } from './client-error-body';

describe('clientErrorBody', () => {
  it('is a GraphQL result with one coded error', () => {
    expect(JSON.parse(clientErrorBody('Request body too large'))).toEqual({
      errors: [{ message: 'Request body too large', extensions: { code: ErrorCode.BadUserInput } }],
    });
  });
});
