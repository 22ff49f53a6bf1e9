import { type Component, createSignal, Show } from 'solid-js';
import type { ConnectLinks } from '../lib/connectLinks';
import { ConnectLinkForm, type LinkFieldErrors, type NewConnectLink } from './ConnectLinkForm';
import { ConnectLinkList } from './ConnectLinkList';
import { CreatedLink } from './CreatedLink';
import { type Outcome, OutcomeNote } from './OutcomeNote';

const LINK_FIELDS = new Set(['ttlMinutes', 'returnUrl']);

/**
 * "Share connect link": make a link for the end user who will link their own phone, see the
 * URL and its QR once, list the instance's links and revoke them.
 */
export const ConnectLinkPanel: Component<{ links: ConnectLinks }> = (props) => {
  const [errors, setErrors] = createSignal<LinkFieldErrors>({});
  const [note, setNote] = createSignal<Outcome | null>(null);
  const create = async (input: NewConnectLink) => {
    setErrors({});
    setNote(null);
    const result = await props.links.create(input.ttlMinutes, input.returnUrl);
    if (result.ok) {
      return;
    }
    if (result.field && LINK_FIELDS.has(result.field.name)) {
      setErrors({ [result.field.name]: result.field.message });
    } else {
      setNote({ text: result.message, error: true });
    }
  };
  const revokeAll = async () => {
    setNote(null);
    const result = await props.links.revokeAll();
    setNote(
      result.ok
        ? { text: `${result.data} link${result.data === 1 ? '' : 's'} revoked.`, error: false }
        : { text: result.message, error: true },
    );
  };
  return (
    <section class="card connect-links" aria-labelledby="connect-links-title">
      <h2 id="connect-links-title">Share connect link</h2>
      <p class="hint">
        A link the end user opens on their phone to link their own WhatsApp to this instance, on a
        page with the tenant's branding.
      </p>
      <ConnectLinkForm busy={props.links.busy()} errors={errors()} onCreate={create} />
      <Show when={props.links.created()}>
        {(link) => (
          <Show when={link().url}>
            {(url) => <CreatedLink url={url()} expiresAt={link().expiresAt} />}
          </Show>
        )}
      </Show>
      <OutcomeNote outcome={note()} />
      <h3>Links</h3>
      <Show when={props.links.error()}>
        <p class="error" role="alert">
          {props.links.error()}
        </p>
      </Show>
      <Show
        when={!props.links.loading()}
        fallback={
          <p class="muted" aria-busy="true">
            Loading links…
          </p>
        }
      >
        <ConnectLinkList
          links={props.links.links()}
          busy={props.links.busy()}
          onRevokeAll={() => void revokeAll()}
        />
      </Show>
    </section>
  );
};
