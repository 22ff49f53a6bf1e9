import { render } from 'solid-js/web';
import { adoptStyles } from './adoptStyles';
import { createConnectApi, type SessionResult } from './api';
import { ConnectApp } from './ConnectApp';
import { createConnectClient } from './client';
import { parseConnectLink } from './link';

/** The element's name: `<wawp-connect link="https://…/connect/<token>">`. */
export const CONNECT_ELEMENT = 'wawp-connect';

/** What the element needs from its bundle, injectable for tests. */
export interface ConnectElementOptions {
  /** The flow's stylesheet, adopted into each shadow root. */
  css: string;
  fetch: typeof fetch;
  /** For tests; browsers use the global `WebSocket`. */
  webSocketImpl?: unknown;
}

const BAD_LINK = 'The link attribute is not a connect link.';

/**
 * The `<wawp-connect>` element: the connect flow in a shadow root, talking to the link's origin
 * with the link token as bearer (no cookies: it runs on another origin). Dispatches `connected`
 * (`detail: { instanceId, pushName }`), `expired` (`detail: { state }`: expired, revoked, used or
 * unknown) and `error` (`detail: { message }`). It never navigates: the host page decides.
 */
export function createConnectElement(options: ConnectElementOptions) {
  return class ConnectElement extends HTMLElement {
    static observedAttributes = ['link'];
    #dispose: (() => void) | undefined;

    connectedCallback() {
      this.#mount();
    }

    disconnectedCallback() {
      this.#unmount();
    }

    attributeChangedCallback() {
      if (this.isConnected && this.#dispose) {
        this.#unmount();
        this.#mount();
      }
    }

    #emit(type: string, detail: unknown) {
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    }

    #mount() {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      adoptStyles(shadow, options.css);
      const mountPoint = this.ownerDocument.createElement('div');
      mountPoint.className = 'connect-host';
      shadow.append(mountPoint);
      const link = parseConnectLink(this.getAttribute('link'));
      const api = link
        ? createConnectApi({ origin: link.origin, fetch: options.fetch, bearer: link.token })
        : null;
      const check = (): Promise<SessionResult> =>
        api ? api.current() : Promise.resolve({ kind: 'refused', message: BAD_LINK });
      const dispose = render(
        () => (
          <ConnectApp
            open={check}
            recheck={check}
            makeClient={(onLinkEnded) =>
              createConnectClient({
                origin: link?.origin ?? '',
                bearer: link?.token ?? '',
                onLinkEnded,
                fetch: options.fetch,
                webSocketImpl: options.webSocketImpl,
              })
            }
            onConnected={(detail) => this.#emit('connected', detail)}
            onEnded={(state) => this.#emit('expired', { state })}
            onError={(message) => this.#emit('error', { message })}
          />
        ),
        mountPoint,
      );
      this.#dispose = () => {
        dispose();
        mountPoint.remove();
      };
    }

    #unmount() {
      this.#dispose?.();
      this.#dispose = undefined;
    }
  };
}

/** Defines `<wawp-connect>` once (a second bundle on the page keeps the first definition). */
export function defineConnectElement(options: ConnectElementOptions): CustomElementConstructor {
  const existing = customElements.get(CONNECT_ELEMENT);
  if (existing) {
    return existing;
  }
  const element = createConnectElement(options);
  customElements.define(CONNECT_ELEMENT, element);
  return element;
}
