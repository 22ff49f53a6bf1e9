import { describe, expect, it } from 'vitest';
import { createViewerResolver, parseBearer } from './resolve-viewer';

describe('createViewerResolver', () => {
  const resolve = createViewerResolver({
    adminKey: 'admin-key-0123456789',
    authenticate: async (key) => (key === 'wgk_tenant' ? { tenantId: 't1', keyId: 'k1' } : null),
  });

  it('recognises the admin key and tenant keys', async () => {
    expect(await resolve('Bearer admin-key-0123456789')).toEqual({ role: 'admin' });
    expect(await resolve('bearer wgk_tenant')).toEqual({
      role: 'tenant',
      tenantId: 't1',
      keyId: 'k1',
    });
  });

  it('returns null for missing, malformed and unknown keys', async () => {
    expect(await resolve(undefined)).toBeNull();
    expect(await resolve('admin-key-0123456789')).toBeNull();
    expect(await resolve('Basic abc')).toBeNull();
    expect(await resolve('Bearer nope')).toBeNull();
  });

  it('parses only well-formed bearer values', () => {
    expect(parseBearer('Bearer  abc ')).toBe('abc');
    expect(parseBearer('Bearer a b')).toBeNull();
  });
});
