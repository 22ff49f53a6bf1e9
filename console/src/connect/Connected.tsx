import { type Component, onCleanup, onMount, Show } from 'solid-js';
import { buildReturnUrl } from './returnUrl';

/** How long the success screen stays before going back to the integrator's page. */
export const REDIRECT_DELAY_MS = 3_000;

/**
 * WORKING: the success screen (the status says "Connected as …"). With a return URL and a
 * `redirect`, goes back there after 3 s with `status=connected&instance=<id>`.
 */
export const Connected: Component<{
  instanceId: string;
  returnUrl: string | null;
  /** Absent in the widget: the host page decides what happens next. */
  redirect?: (url: string) => void;
}> = (props) => {
  const target = () => (props.redirect ? buildReturnUrl(props.returnUrl, props.instanceId) : null);
  onMount(() => {
    const url = target();
    const redirect = props.redirect;
    if (url && redirect) {
      const timer = setTimeout(() => redirect(url), REDIRECT_DELAY_MS);
      onCleanup(() => clearTimeout(timer));
    }
  });
  return (
    <div class="connect-body connect-success">
      <svg class="success-mark" viewBox="0 0 52 52" aria-hidden="true">
        <circle cx="26" cy="26" r="24" />
        <path d="M15 27l7 7 15-15" />
      </svg>
      <Show
        when={target()}
        fallback={<p class="hint">Your WhatsApp is linked. You can close this page.</p>}
      >
        {(url) => (
          <p class="hint">
            Taking you back in a few seconds… <a href={url()}>Continue now</a>
          </p>
        )}
      </Show>
    </div>
  );
};
