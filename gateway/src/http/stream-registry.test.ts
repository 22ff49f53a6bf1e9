import { describe, expect, it, vi } from 'vitest';
import { createStreamRegistry, toStreamKey } from './stream-registry';

describe('createStreamRegistry', () => {
  it('caps streams per key, frees them on release, and closes a key’s streams', () => {
    const registry = createStreamRegistry({ maxPerKey: 2 });
    const closeA = vi.fn();
    const releaseA = registry.open('key:a', closeA);
    const releaseB = registry.open('key:a', null);
    expect(releaseA).not.toBeNull();
    expect(releaseB).not.toBeNull();
    expect(registry.open('key:a', null)).toBeNull();
    expect(registry.open('key:b', null)).not.toBeNull();
    registry.closeKey('key:a');
    expect(closeA).toHaveBeenCalledTimes(1);
    releaseA?.();
    releaseA?.();
    expect(registry.count('key:a')).toBe(1);
    expect(registry.open('key:a', null)).not.toBeNull();
  });

  it('keys the admin once and each tenant key apart', () => {
    expect(toStreamKey({ role: 'admin' })).toBe('admin');
    expect(toStreamKey({ role: 'tenant', tenantId: 't', keyId: 'k1' })).toBe('key:k1');
  });
});
