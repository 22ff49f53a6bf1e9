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
 * Reads the key from the link `pnpm start` prints (`/#key=…`) and removes it from the address
 * bar with `replaceState`, so it stays out of history and bookmarks. Fragments are never sent to
 * a server. Returns the key, or `null` when the fragment has none; the caller offers it to
 * {@link createAuth}'s `offerKey` (which asks before replacing another signed-in key).
 */
export function takeKeyFromFragment(
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState' | 'state'>,
): string | null {
  const { key, rest } = splitKeyFromFragment(location.hash);
  if (key === null) {
    return null;
  }
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
  return key;
}

/**
 * A key as the console shows it when it must tell two apart: the `wga_` prefix, the first and
 * the last 4 characters (`wga_abcd…wxyz`); a short key shows none of its characters.
 */
export function maskKey(key: string): string {
  const prefix = key.startsWith('wga_') ? 'wga_' : '';
  const rest = key.slice(prefix.length);
  return rest.length >= 16 ? `${prefix}${rest.slice(0, 4)}…${rest.slice(-4)}` : `${prefix}…`;
}

/** The banner prints the key masked (`wga_abcd…wxyz`) on every start but the one that made it. */
export const isMaskedKey = (key: string) => key.includes('…');

/** Why a link with a masked key did not sign in. */
export const MASKED_KEY_NOTICE =
  'That link shows the admin key masked. Paste the full key from the admin-key file in the data directory.';

/**
 * The signed-in key as a signal, backed by `storage`; `signOut(notice)` explains why. A key from
 * a link (`offerKey`) signs in when nobody is signed in, and otherwise waits in `pendingKey`
 * until the user switches to it (`switchToPending`) or keeps the current one (`keepCurrent`).
 */
export function createAuth(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>) {
  const [key, setKey] = createSignal<string | null>(storage.getItem(KEY_STORAGE_SLOT));
  const [notice, setNotice] = createSignal<string | null>(null);
  const [pendingKey, setPendingKey] = createSignal<string | null>(null);
  const signIn = (value: string) => {
    storage.setItem(KEY_STORAGE_SLOT, value);
    setNotice(null);
    setPendingKey(null);
    setKey(value);
  };
  return {
    key,
    notice,
    /** A key from a link, different from the signed-in one, waiting for the user's decision. */
    pendingKey,
    signIn,
    signOut(reason: string | null = null) {
      storage.removeItem(KEY_STORAGE_SLOT);
      setNotice(reason);
      setPendingKey(null);
      setKey(null);
    },
    /** A key from a `#key=` link: signs in, or asks first when another key is signed in. */
    offerKey(value: string) {
      const current = key();
      if (isMaskedKey(value)) {
        // not a key at all: never replaces one, and says what to do instead
        if (current === null) {
          setNotice(MASKED_KEY_NOTICE);
        }
      } else if (current === null) {
        signIn(value);
      } else if (current === value) {
        setPendingKey(null);
      } else {
        setPendingKey(value);
      }
    },
    /** Signs in with the pending key. */
    switchToPending() {
      const value = pendingKey();
      if (value !== null) {
        signIn(value);
      }
    },
    /** Drops the pending key; the current one stays signed in. */
    keepCurrent() {
      setPendingKey(null);
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;
