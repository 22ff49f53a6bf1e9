import { type Component, createResource, Show } from 'solid-js';
import { qrImageDataUrl } from '../lib/qrImage';
import { CopyButton } from './CopyButton';

/**
 * A connect link just made: its URL (shown once, never listed again) with a copy button, and
 * the same URL as a QR code for a phone to open.
 */
export const CreatedLink: Component<{ url: string; expiresAt: string }> = (props) => {
  const [qr] = createResource(() => props.url, qrImageDataUrl);
  return (
    // biome-ignore lint/a11y/useSemanticElements: fieldset is for form controls; this names read-only text
    <div class="issued-key created-link" role="group" aria-label="New connect link">
      <p>
        <strong>Share this link now.</strong> It is shown once; it works until{' '}
        <time datetime={props.expiresAt}>{new Date(props.expiresAt).toLocaleString()}</time>.
      </p>
      <code class="secret">{props.url}</code>
      <CopyButton text={props.url} label="Copy link" />
      <Show when={qr()}>
        {(src) => (
          <img
            class="link-qr"
            src={src()}
            alt="QR code of the connect link"
            width="192"
            height="192"
          />
        )}
      </Show>
      <Show when={qr.error}>
        <p class="hint">The QR code could not be drawn; share the link instead.</p>
      </Show>
    </div>
  );
};
