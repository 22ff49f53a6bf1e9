import { type Component, For, Show } from 'solid-js';
import type { TenantBrandingInput } from '../gql/graphql';
import type { TenantBrandingData } from '../lib/brandingDraft';
import type { CommandResult } from '../lib/createCommand';
import { BrandingForm } from './BrandingForm';
import { ConfirmAction } from './ConfirmAction';
import { CopyButton } from './CopyButton';

/** A tenant as the admin sees it. */
export interface TenantCardData {
  id: string;
  name: string;
  instances: readonly { instanceId: string; label?: string | null }[];
  apiKeys: readonly { id: string; prefix: string; createdAt: string; revokedAt?: string | null }[];
  branding: TenantBrandingData;
}

/**
 * A tenant as the admin sees it: instances, keys with "Revoke" (asks first), "Issue key", the
 * branding of its end users' connect page, and a link to its Notifications page.
 */
export const TenantCard: Component<{
  tenant: TenantCardData;
  /** A key just issued for this tenant: shown once, here, until the page is left. */
  issuedKey: string | null;
  busy: boolean;
  onIssueKey: () => void;
  onRevoke: (keyId: string) => void;
  brandingBusy: boolean;
  onSaveBranding: (
    input: TenantBrandingInput,
  ) => Promise<CommandResult<{ branding: TenantBrandingData }>>;
}> = (props) => (
  <article class="card tenant" aria-labelledby={`tenant-${props.tenant.id}`}>
    <header class="row">
      <h2 id={`tenant-${props.tenant.id}`}>{props.tenant.name}</h2>
      <code class="muted">{props.tenant.id}</code>
      {/* a plain link: the router handles its click, and the card needs no router to render */}
      <a
        href={`/tenants/${encodeURIComponent(props.tenant.id)}/notifications`}
        aria-label={`Notifications of ${props.tenant.name}`}
      >
        Notifications
      </a>
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
              <ConfirmAction
                label="Revoke"
                ariaLabel={`Revoke key ${key.prefix}`}
                question={`Revoke key ${key.prefix}…? Everything it opened ends at once; this cannot be undone.`}
                confirmLabel="Revoke key"
                danger
                disabled={props.busy}
                onConfirm={() => props.onRevoke(key.id)}
              />
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
    <details class="tenant-branding">
      <summary>
        <h3>Branding</h3>
      </summary>
      <BrandingForm
        branding={props.tenant.branding}
        busy={props.brandingBusy}
        onSave={props.onSaveBranding}
      />
    </details>
  </article>
);
