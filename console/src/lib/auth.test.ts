import { describe, expect, it, vi } from 'vitest';
import { createAuth, KEY_STORAGE_SLOT, splitKeyFromFragment, takeKeyFromFragment } from './auth';

const memoryStorage = () => {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  };
};

describe('key from the URL fragment', () => {
  it('stores the key and removes it from the address bar with replaceState', () => {
    const storage = memoryStorage();
    const history = { state: { n: 1 }, replaceState: vi.fn() };
    const key = takeKeyFromFragment(
      { hash: '#key=gw_admin_abc123', pathname: '/instances/x', search: '?q=1' },
      history,
      storage,
    );
    expect(key).toBe('gw_admin_abc123');
    expect(storage.map.get(KEY_STORAGE_SLOT)).toBe('gw_admin_abc123');
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith({ n: 1 }, '', '/instances/x?q=1');
  });

  it('keeps other fragment parts and decodes the key without turning + into a space', () => {
    expect(splitKeyFromFragment('#tab=qr&key=a%2Bb+c%3D&x=1')).toEqual({
      key: 'a+b+c=',
      rest: '#tab=qr&x=1',
    });
  });

  it('does nothing without a key', () => {
    const storage = memoryStorage();
    const history = { state: null, replaceState: vi.fn() };
    expect(
      takeKeyFromFragment({ hash: '#tab=qr', pathname: '/', search: '' }, history, storage),
    ).toBeNull();
    expect(
      takeKeyFromFragment({ hash: '#key=', pathname: '/', search: '' }, history, storage),
    ).toBeNull();
    expect(
      takeKeyFromFragment({ hash: '', pathname: '/', search: '' }, history, storage),
    ).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
    expect(storage.map.size).toBe(0);
  });

  it('signs in from storage and signs out by clearing it, with a reason', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_STORAGE_SLOT, 'k1');
    const auth = createAuth(storage);
    expect(auth.key()).toBe('k1');
    auth.signOut('Signed out: rejected.');
    expect(auth.key()).toBeNull();
    expect(auth.notice()).toBe('Signed out: rejected.');
    expect(storage.map.has(KEY_STORAGE_SLOT)).toBe(false);
    auth.signIn('k2');
    expect([auth.key(), auth.notice(), storage.getItem(KEY_STORAGE_SLOT)]).toEqual([
      'k2',
      null,
      'k2',
    ]);
  });
});
