import type { Component } from 'solid-js';
import type { ThemeChoice } from '../lib/theme';

/** Light, dark or follow the system. */
export const ThemeSelect: Component<{ value: ThemeChoice; onChange: (value: string) => void }> = (
  props,
) => (
  <label class="theme-select">
    <span class="sr-only">Theme</span>
    <select value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  </label>
);
