import { Route, Router, type RouteSectionProps } from '@solidjs/router';
import { Provider } from '@urql/solid';
import { onCleanup, Show } from 'solid-js';
import { AppShell } from './components/AppShell';
import { KeySwitchDialog } from './components/KeySwitchDialog';
import { type Auth, createAuth, maskKey, takeKeyFromFragment } from './lib/auth';
import type { ConsoleConfig } from './lib/config';
import { ConnectionContext, createConnectionTracker, useConnection } from './lib/connection';
import { createTheme } from './lib/theme';
import { createUrqlClient } from './lib/urql';
import { createViewer } from './lib/viewer';
import { InstanceScreen } from './routes/Instance';
import { InstancesScreen } from './routes/Instances';
import { NotificationsScreen } from './routes/Notifications';
import { SignInScreen } from './routes/SignIn';
import { TenantsScreen } from './routes/Tenants';

const KEY_REJECTED = 'Signed out: the gateway rejected this key (revoked or mistyped).';

/**
 * The console: sign-in, or (with a key) the urql Provider, the router and the layout. A key from
 * a `#key=` link (`linkKey` at load, or a link opened in this tab later) signs in, or, when
 * another key is signed in, asks first (`KeySwitchDialog`).
 */
export function App(props: {
  config: ConsoleConfig;
  storage: Storage;
  themeStorage: Storage;
  linkKey?: string | null;
}) {
  const auth = createAuth(props.storage);
  const theme = createTheme(props.themeStorage, document.documentElement);
  if (props.linkKey) {
    auth.offerKey(props.linkKey);
  }
  // a `#key=` link opened in this tab while the console runs changes only the fragment
  const onHashChange = () => {
    const key = takeKeyFromFragment(window.location, window.history);
    if (key !== null) {
      auth.offerKey(key);
    }
  };
  window.addEventListener('hashchange', onHashChange);
  onCleanup(() => window.removeEventListener('hashchange', onHashChange));
  // keyed: a new key gets a new client and socket; the old ones are disposed
  return (
    <>
      <Show
        when={auth.key()}
        keyed
        fallback={<SignInScreen notice={auth.notice()} onSignIn={auth.signIn} />}
      >
        {(key) => <SignedIn config={props.config} gatewayKey={key} auth={auth} theme={theme} />}
      </Show>
      <Show when={auth.pendingKey()} keyed>
        {(incoming) => (
          <KeySwitchDialog
            current={maskKey(auth.key() ?? '')}
            incoming={maskKey(incoming)}
            onSwitch={auth.switchToPending}
            onKeep={auth.keepCurrent}
          />
        )}
      </Show>
    </>
  );
}

function SignedIn(props: {
  config: ConsoleConfig;
  gatewayKey: string;
  auth: Auth;
  theme: ReturnType<typeof createTheme>;
}) {
  const tracker = createConnectionTracker();
  const urql = createUrqlClient({
    ...props.config,
    key: props.gatewayKey,
    socketEvents: tracker.socketEvents,
    // deferred: urql and graphql-ws report this from inside their own callbacks
    // Only for the key this client was built with: a late rejection of an old key must not sign
    // out the one just entered.
    onKeyRejected: () =>
      queueMicrotask(() => {
        if (props.auth.key() === props.gatewayKey) {
          props.auth.signOut(KEY_REJECTED);
        }
      }),
  });
  onCleanup(urql.dispose);
  const Layout = (section: RouteSectionProps) => {
    const viewer = createViewer();
    const connection = useConnection();
    return (
      <AppShell
        connection={connection.state()}
        isAdmin={viewer.isAdmin()}
        tenantId={viewer.tenantId()}
        theme={props.theme.theme()}
        onTheme={props.theme.setTheme}
        onSignOut={() => props.auth.signOut('Signed out.')}
      >
        {section.children}
      </AppShell>
    );
  };
  return (
    <Provider value={urql.client}>
      <ConnectionContext.Provider value={tracker}>
        <Router root={Layout}>
          <Route path="/" component={InstancesScreen} />
          <Route path="/instances/:id" component={InstanceScreen} />
          <Route path="/tenants" component={TenantsScreen} />
          <Route path="/tenants/:tenantId/notifications" component={NotificationsScreen} />
          <Route path="*" component={() => <p class="page">No such page.</p>} />
        </Router>
      </ConnectionContext.Provider>
    </Provider>
  );
}
