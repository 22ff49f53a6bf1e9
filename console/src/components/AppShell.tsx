import { A } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import type { ConnectionState } from '../lib/connection';
import type { ThemeChoice } from '../lib/theme';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ThemeSelect } from './ThemeSelect';

/**
 * The frame of every signed-in screen: skip link, navigation (a tenant key also gets its own
 * Notifications page), connection, theme, sign out.
 */
export function AppShell(props: {
  children?: JSX.Element;
  connection: ConnectionState;
  isAdmin: boolean;
  /** The tenant a tenant key acts as (null for the admin key): links its Notifications page. */
  tenantId?: string | null;
  theme: ThemeChoice;
  onTheme: (value: string) => void;
  onSignOut: () => void;
}) {
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <A href="/" class="brand">
          Wawp gateway
        </A>
        <nav aria-label="Main">
          <A href="/" end>
            Instances
          </A>
          <Show when={props.isAdmin}>
            <A href="/tenants">Tenants &amp; keys</A>
          </Show>
          <Show when={!props.isAdmin && props.tenantId}>
            {(tenantId) => (
              <A href={`/tenants/${encodeURIComponent(tenantId())}/notifications`}>Notifications</A>
            )}
          </Show>
        </nav>
        <div class="top-tools">
          <ConnectionIndicator state={props.connection} />
          <ThemeSelect value={props.theme} onChange={props.onTheme} />
          <button type="button" class="link" onClick={() => props.onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
