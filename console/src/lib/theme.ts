import { createEffect, createSignal } from 'solid-js';

export type ThemeChoice = 'system' | 'light' | 'dark';

const SLOT = 'wawp-gateway.theme';
const isChoice = (value: unknown): value is ThemeChoice =>
  value === 'system' || value === 'light' || value === 'dark';

/**
 * The theme choice, remembered in `storage`. `system` follows `prefers-color-scheme` through
 * CSS alone; `light`/`dark` set `data-theme` on `root`, which the CSS variables key on.
 */
export function createTheme(storage: Pick<Storage, 'getItem' | 'setItem'>, root: HTMLElement) {
  const saved = storage.getItem(SLOT);
  const [theme, setTheme] = createSignal<ThemeChoice>(isChoice(saved) ? saved : 'system');
  createEffect(() => {
    const choice = theme();
    storage.setItem(SLOT, choice);
    if (choice === 'system') {
      root.removeAttribute('data-theme');
    } else {
      root.setAttribute('data-theme', choice);
    }
  });
  return { theme, setTheme: (value: string) => isChoice(value) && setTheme(value) };
}
