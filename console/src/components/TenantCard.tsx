import { type Component, For, Show } from 'solid-js';
import { CopyButton } from './CopyButton';

/** A tenant as the admin sees it: instances, keys with "Revoke", and "Issue key". */
export interface TenantCardData {
  id: string;
  name: string;
  instances: readonly { instanceId: string; label?: string | null }[];
  apiKeys: readonly { id: string; prefix: string; createdAt: string; revokedAt?: string | null }[];
}

export const TenantCard: Component<{
  tenant: TenantCardData;
  /** A key just issued for this tenant: shown once, here, until the page is left. */
  issuedKey: string | null;
  busy: boolean;
  onIssueKey: () => void;
  onRevoke: (keyId: string) => void;
}> = (props) => (
  <article class="card tenant" aria-labelledby={`tenant-${props.tenant.id}`}>
    <header class="row">
      <h2 id={`tenant-${props.tenant.id}`}>{props.tenant.name}</h2>
      <code class="muted">{props.tenant.id}</code>
    </header>
    <h3>Instances</h3>
    <Show when={props.tenant.instances.length > 0} fallback={<p class="muted">None assigned.</p>}>
      <ul class="chips">
        <For each={props.tenant.instances}>
          {(instance) => <li>{instance.label || instance.instanceId}</li>}
        </For>
      </ul>
    </Show>
    <h3>API keys</h3>
    <ul class="keys">
      <For each={props.tenant.apiKeys}>
        {(key) => (
          <li classList={{ revoked: Boolean(key.revokedAt) }}>
            <code>{key.prefix}…</code>
            <span class="muted">issued {new Date(key.createdAt).toLocaleDateString()}</span>
            <Show
              when={!key.revokedAt}
              fallback={
                <span class="muted">revoked {new Date(key.revokedAt ?? '').toLocaleString()}</span>
              }
            >
              <button
                type="button"
                class="danger"
                aria-label={`Revoke key ${key.prefix}`}
                disabled={props.busy}
                onClick={() => props.onRevoke(key.id)}
              >
                Revoke
              </button>
            </Show>
          </li>
        )}
      </For>
    </ul>
    <button type="button" disabled={props.busy} onClick={() => props.onIssueKey()}>
      Issue key
    </button>
    <Show when={props.issuedKey}>
      {(key) => (
        // biome-ignore lint/a11y/useSemanticElements: fieldset is for form controls; this names read-only text
        <div class="issued-key" role="group" aria-label="New API key">
          <p>
            <strong>Copy this key now.</strong> It is shown once; the gateway keeps only a hash.
          </p>
          <code class="secret">{key()}</code>
          <CopyButton text={key()} label="Copy key" />
        </div>
      )}
    </Show>
  </article>
);
