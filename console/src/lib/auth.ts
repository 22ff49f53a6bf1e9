import { createSignal } from 'solid-js';

/** sessionStorage slot of the gateway key: gone when the tab closes, never sent in a URL. */
export const KEY_STORAGE_SLOT = 'wawp-gateway.key';

/** Takes `key=` out of a URL fragment such as `#key=abc`; other fragment parts are kept. */
export function splitKeyFromFragment(hash: string): { key: string | null; rest: string } {
  const parts = hash.replace(/^#/, '').split('&').filter(Boolean);
  let key: string | null = null;
  const rest = parts.filter((part) => {
    if (!part.startsWith('key=')) {
      return true;
    }
    // decodeURIComponent, not URLSearchParams: a `+` in a key must stay a `+`
    key = decodeURIComponent(part.slice(4)).trim() || null;
    return false;
  });
  return { key, rest: rest.length ? `#${rest.join('&')}` : '' };
}

/**
 * Reads the key from the link `pnpm start` prints (`/#key=…`), stores it in `storage` and
 * removes it from the address bar with `replaceState`, so it stays out of history and bookmarks.
 * Fragments are never sent to a server. Returns the key, or `null` when the fragment has none.
 */
export function takeKeyFromFragment(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState' | 'state'>,
  storage: Pick<Storage, 'setItem'>,
): string | null {
  const { key, rest } = splitKeyFromFragment(location.hash);
  if (key === null) {
    return null;
  }
  storage.setItem(KEY_STORAGE_SLOT, key);
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
  return key;
}

/** The signed-in key as a signal, backed by `storage`; `signOut(notice)` explains why. */
export function createAuth(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
  const [key, setKey] = createSignal<string | null>(storage.getItem(KEY_STORAGE_SLOT));
  const [notice, setNotice] = createSignal<string | null>(null);
  return {
    key,
    notice,
    signIn(value: string) {
      storage.setItem(KEY_STORAGE_SLOT, value);
      setNotice(null);
      setKey(value);
    },
    signOut(reason: string | null = null) {
      storage.removeItem(KEY_STORAGE_SLOT);
      setNotice(reason);
      setKey(null);
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
