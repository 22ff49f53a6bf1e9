import { type Component, createResource, createUniqueId, Show } from 'solid-js';
import type { Branding } from '../connect/api';
import { safeBranding } from '../connect/branding';
import { Shell } from '../connect/Shell';
import { qrImageDataUrl } from '../lib/qrImage';
import '../connect/connect.css';

/** What the sample QR encodes: no real link, nothing to scan. */
const SAMPLE = 'https://example.invalid/connect/preview';

/**
 * The end user's connect page as it would look with `branding`, in its SCAN_QR_CODE step: the
 * page's own `Shell` (logo, name, accent, support link) around a static sample QR. Inert: a
 * picture of the page, not a second page to operate.
 */
export const BrandingPreview: Component<{ branding: Branding }> = (props) => {
  const id = createUniqueId();
  const [sample] = createResource(() => qrImageDataUrl(SAMPLE));
  return (
    <figure class="branding-preview" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>Preview of the end user's page</figcaption>
      <div class="branding-preview-frame" inert>
        <Shell branding={safeBranding(props.branding)} status="Scan the QR code with WhatsApp">
          <div class="connect-body">
            <div class="qr">
              <div class="qr-frame">
                <Show when={sample()}>
                  {(src) => (
                    <img
                      class="qr-image"
                      src={src()}
                      alt="Sample QR code"
                      width="264"
                      height="264"
                    />
                  )}
                </Show>
              </div>
            </div>
            <ol class="instructions">
              <li>Open WhatsApp on your phone.</li>
              <li>Go to Settings, then Linked devices, then “Link a device”.</li>
              <li>Point your phone at this code.</li>
            </ol>
          </div>
        </Shell>
      </div>
    </figure>
  );
};
