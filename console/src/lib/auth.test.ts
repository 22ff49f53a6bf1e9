import { describe, expect, it, vi } from 'vitest';
import {
  createAuth,
  KEY_STORAGE_SLOT,
  MASKED_KEY_NOTICE,
  maskKey,
  splitKeyFromFragment,
  takeKeyFromFragment,
} from './auth';

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
  it('returns the key and removes it from the address bar with replaceState', () => {
    const history = { state: { n: 1 }, replaceState: vi.fn() };
    const key = takeKeyFromFragment(
      { hash: '#key=gw_admin_abc123', pathname: '/instances/x', search: '?q=1' },
      history,
    );
    expect(key).toBe('gw_admin_abc123');
    expect(history.replaceState).toHaveBeenCalledExactlyOnceWith({ n: 1 }, '', '/instances/x?q=1');
  });

  it('keeps other fragment parts and decodes the key without turning + into a space', () => {
    expect(splitKeyFromFragment('#tab=qr&key=a%2Bb+c%3D&x=1')).toEqual({
      key: 'a+b+c=',
      rest: '#tab=qr&x=1',
    });
  });

  it('does nothing without a key', () => {
    const history = { state: null, replaceState: vi.fn() };
    expect(takeKeyFromFragment({ hash: '#tab=qr', pathname: '/', search: '' }, history)).toBeNull();
    expect(takeKeyFromFragment({ hash: '#key=', pathname: '/', search: '' }, history)).toBeNull();
    expect(takeKeyFromFragment({ hash: '', pathname: '/', search: '' }, history)).toBeNull();
    expect(history.replaceState).not.toHaveBeenCalled();
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

describe('a key from a link while signed in', () => {
  it('signs in directly when nobody is signed in', () => {
    const storage = memoryStorage();
    const auth = createAuth(storage);
    auth.offerKey('wga_link_key_0123456789abcdef');
    expect(auth.key()).toBe('wga_link_key_0123456789abcdef');
    expect(auth.pendingKey()).toBeNull();
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe('wga_link_key_0123456789abcdef');
  });

  it('asks before replacing another key: nothing changes until the user decides', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_STORAGE_SLOT, 'current-key-0123456789');
    const auth = createAuth(storage);
    auth.offerKey('link-key-0123456789abcdef');
    expect(auth.key()).toBe('current-key-0123456789');
    expect(auth.pendingKey()).toBe('link-key-0123456789abcdef');
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe('current-key-0123456789');

    auth.keepCurrent();
    expect([auth.key(), auth.pendingKey()]).toEqual(['current-key-0123456789', null]);

    auth.offerKey('link-key-0123456789abcdef');
    auth.switchToPending();
    expect([auth.key(), auth.pendingKey()]).toEqual(['link-key-0123456789abcdef', null]);
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe('link-key-0123456789abcdef');
  });

  it('does not ask for the key already signed in', () => {
    const storage = memoryStorage();
    storage.setItem(KEY_STORAGE_SLOT, 'same-key-0123456789');
    const auth = createAuth(storage);
    auth.offerKey('same-key-0123456789');
    expect([auth.key(), auth.pendingKey()]).toEqual(['same-key-0123456789', null]);
  });

  it('never signs in with a masked key from a later start banner, and says what to do', () => {
    const storage = memoryStorage();
    const auth = createAuth(storage);
    auth.offerKey('wga_abcd…wxyz');
    expect(auth.key()).toBeNull();
    expect(auth.notice()).toBe(MASKED_KEY_NOTICE);
    auth.signIn('real-key-0123456789');
    auth.offerKey('wga_abcd…wxyz');
    expect([auth.key(), auth.pendingKey()]).toEqual(['real-key-0123456789', null]);
  });

  it('masks keys as the banner does', () => {
    expect(maskKey('wga_abcdEFGHijklMNOPqrstUVWXyz012345')).toBe('wga_abcd…2345');
    expect(maskKey('tenant-key-0123456789')).toBe('tena…6789');
    expect(maskKey('short')).toBe('…');
  });
});
