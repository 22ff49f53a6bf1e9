import { type Component, createEffect, type JSX, Show } from 'solid-js';
import { applyAccent, type SafeBranding } from './branding';

/**
 * The tenant-branded frame of every screen: logo and name, the one `role="status"` sentence
 * (kept in place across screens so that screen readers announce each change), the screen, and
 * the support link when the tenant has one.
 */
export const Shell: Component<{ branding: SafeBranding; status: string; children: JSX.Element }> = (
  props,
) => {
  let root!: HTMLDivElement;
  createEffect(() => applyAccent(root, props.branding.accent));
  return (
    <div class="connect" ref={root}>
      <div class="connect-card">
        <header class="connect-brand">
          <Show when={props.branding.logoDataUrl}>
            {(logo) => <img class="connect-logo" src={logo()} alt="" width="48" height="48" />}
          </Show>
          <h1>{props.branding.title}</h1>
        </header>
        <p class="connect-status" role="status">
          {props.status}
        </p>
        {props.children}
        <Show when={props.branding.supportUrl}>
          {(url) => (
            <footer class="connect-support">
              <a href={url()} target="_blank" rel="noopener noreferrer">
                Contact support
              </a>
            </footer>
          )}
        </Show>
      </div>
    </div>
  );
};
