import { type Component, createSignal, For, onCleanup, Show } from 'solid-js';
import { type LinkState, linkStateOf } from '../lib/linkState';
import { ConfirmAction } from './ConfirmAction';

/** One listed link (listings never carry the URL). */
export interface ListedLink {
  id: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string | null;
  revokedAt?: string | null;
}

const when = (iso: string) => <time datetime={iso}>{new Date(iso).toLocaleString()}</time>;

/**
 * The instance's links, newest first, with their state (active, used, revoked, expired: kept
 * current as links expire) and "Revoke all", which asks first.
 */
export const ConnectLinkList: Component<{
  links: readonly ListedLink[];
  busy: boolean;
  onRevokeAll: () => void;
}> = (props) => {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(timer));
  const state = (link: ListedLink): LinkState => linkStateOf(link, now());
  const open = () => props.links.some((link) => state(link) === 'active');
  return (
    <Show when={props.links.length > 0} fallback={<p class="muted">No links made yet.</p>}>
      <div class="table-wrap">
        <table class="links">
          <caption class="sr-only">Connect links</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.links}>
              {(link) => (
                <tr data-link-id={link.id}>
                  <td data-label="Created">{when(link.createdAt)}</td>
                  <td data-label="Expires">{when(link.expiresAt)}</td>
                  <td data-label="State">
                    <span class={`link-state link-${state(link)}`}>{state(link)}</span>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="actions">
        <ConfirmAction
          label="Revoke all"
          question="Revoke every open link of this instance? Their pages stop working at once."
          confirmLabel="Revoke all links"
          danger
          disabled={props.busy || !open()}
          onConfirm={props.onRevokeAll}
        />
      </div>
    </Show>
  );
};
