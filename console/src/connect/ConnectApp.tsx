import type { Client } from '@urql/core';
import {
  type Component,
  createEffect,
  createMemo,
  createSignal,
  Match,
  onCleanup,
  Switch,
} from 'solid-js';
import type { ConnectSession, LinkState, SessionResult } from './api';
import { safeBranding } from './branding';
import { FlowScreen } from './FlowScreen';
import { ENDED_TITLES, type EndedState, LinkEnded } from './LinkEnded';
import { CONNECT_MESSAGES } from './messages';
import { Problem } from './Problem';
import { Shell } from './Shell';

/** How long to wait before re-subscribing when the stream ended but the link is still active. */
const RESUBSCRIBE_MS = 2_000;

/** What the page and the widget hand the app: how to reach the server, and what to tell. */
export interface ConnectAppProps {
  /** The first look at the link (the page trades its token here; the widget uses its bearer). */
  open: () => Promise<SessionResult>;
  /** `GET /connect/session` again, after the server ended the stream. */
  recheck: () => Promise<SessionResult>;
  /** A GraphQL client for `/connect/graphql`; `onLinkEnded` when it sees the link refused. */
  makeClient: (onLinkEnded: () => void) => { client: Client; dispose: () => void };
  /** The page only: goes to the return URL. The widget leaves that to its host page. */
  redirect?: (url: string) => void;
  /** The page only: sets `document.title`. */
  setTitle?: (title: string) => void;
  onConnected?: (detail: { instanceId: string; pushName: string | null }) => void;
  /** The link is expired, revoked, used (before connecting here) or unknown. */
  onEnded?: (state: EndedState) => void;
  onError?: (message: string) => void;
}

type Shown = { kind: 'checking' } | SessionResult;

const endedState = (shown: Shown): EndedState | null => {
  if (shown.kind === 'unknown') {
    return 'unknown';
  }
  if (shown.kind === 'session' && shown.session.state !== 'active') {
    return shown.session.state as Exclude<LinkState, 'active'>;
  }
  return null;
};

/**
 * The end user's "Connect WhatsApp" flow for one link, shared by the page and the widget: checks
 * the link, runs the flow while it is active, and shows the matching page once it is not.
 */
export const ConnectApp: Component<ConnectAppProps> = (props) => {
  const [shown, setShown] = createSignal<Shown>({ kind: 'checking' });
  const [lastSession, setLastSession] = createSignal<ConnectSession | null>(null);
  const [flowStatus, setFlowStatus] = createSignal('Preparing…');
  let connected = false;
  let alive = true;
  onCleanup(() => {
    alive = false;
  });

  const show = (result: SessionResult) => {
    if (!alive) {
      return;
    }
    if (result.kind === 'session') {
      setLastSession(result.session);
    }
    setShown(result);
  };
  const load = () => {
    setShown({ kind: 'checking' });
    void props.open().then(show);
  };
  load();

  let rechecking = false;
  let resubscribe: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(resubscribe));
  const onStreamEnded = async () => {
    // the socket close and the failed subscription both report the end: check once
    if (rechecking || connected) {
      return; // once connected, the link turning "used" keeps the success screen
    }
    rechecking = true;
    const result = await props.recheck();
    rechecking = false;
    if (connected) {
      return;
    }
    if (result.kind === 'session' && result.session.state === 'active') {
      clearTimeout(resubscribe);
      resubscribe = setTimeout(() => show(result), RESUBSCRIBE_MS);
    } else {
      show(result);
    }
  };

  const active = createMemo(() => {
    const now = shown();
    return now.kind === 'session' && now.session.state === 'active' ? now.session : null;
  });
  const branding = createMemo(() => safeBranding(lastSession()?.branding));
  const ended = createMemo(() => endedState(shown()));
  const status = () => {
    const now = shown();
    const state = ended();
    if (state) {
      return ENDED_TITLES[state];
    }
    switch (now.kind) {
      case 'checking':
        return 'Checking your link…';
      case 'refused':
        return now.message;
      case 'unreachable':
        return CONNECT_MESSAGES.unreachable;
      default:
        return flowStatus();
    }
  };

  createEffect(() => props.setTitle?.(branding().title));
  createEffect(() => {
    const now = shown();
    const state = ended();
    if (state) {
      props.onEnded?.(state);
    } else if (now.kind === 'refused') {
      props.onError?.(now.message);
    } else if (now.kind === 'unreachable') {
      props.onError?.(CONNECT_MESSAGES.unreachable);
    }
  });

  return (
    <Shell branding={branding()} status={status()}>
      <Switch>
        <Match when={active()} keyed>
          {(session) => {
            const { client, dispose } = props.makeClient(() => void onStreamEnded());
            onCleanup(dispose);
            return (
              <FlowScreen
                client={client}
                session={session}
                announce={setFlowStatus}
                onStreamEnded={() => void onStreamEnded()}
                onWorking={() => {
                  connected = true;
                }}
                onConnected={(pushName) =>
                  props.onConnected?.({ instanceId: session.instanceId, pushName })
                }
                redirect={props.redirect}
              />
            );
          }}
        </Match>
        <Match when={ended()}>
          {(state) => <LinkEnded state={state()} displayName={branding().displayName} />}
        </Match>
        <Match when={shown().kind === 'unreachable'}>
          <Problem onRetry={load} />
        </Match>
        <Match when={shown().kind === 'checking'}>
          <div class="connect-body">
            <span class="spinner" aria-hidden="true" />
          </div>
        </Match>
      </Switch>
    </Shell>
  );
};
