import { fireEvent, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../testing/fakeSocket';
import { json, SESSION, session } from './testing/session';
import { CONNECT_ELEMENT, defineConnectElement } from './widgetElement';

const LINK = 'https://gw.example/connect/wcl_secret';
const flush = () => vi.advanceTimersByTimeAsync(0);

// the element is defined once per page, so its fetch answers from the current test's `answer`
let answer: (url: string) => Response = () => json(500, {});
const fetch = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) => answer(String(url)));
defineConnectElement({ css: '.connect { color: red; }', fetch, webSocketImpl: FakeSocket });

function setup(answerWith: (url: string) => Response) {
  answer = answerWith;
  fetch.mockClear();
  const element = document.createElement(CONNECT_ELEMENT);
  const seen: { type: string; detail: unknown }[] = [];
  for (const type of ['connected', 'expired', 'error']) {
    element.addEventListener(type, (event) =>
      seen.push({ type, detail: (event as CustomEvent).detail }),
    );
  }
  element.setAttribute('link', LINK);
  document.body.append(element);
  const shadow = () => {
    const host = element.shadowRoot?.querySelector<HTMLElement>('.connect-host');
    if (!host) {
      throw new Error('nothing rendered in the shadow root');
    }
    return within(host);
  };
  return { element, fetch, seen, shadow };
}

describe('<wawp-connect>', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    FakeSocket.rejectWith = null;
  });
  afterEach(() => {
    document.body.replaceChildren();
    vi.useRealTimers();
  });

  it('renders the flow into a shadow root with its own styles, nothing in the page', async () => {
    const { element, fetch, shadow } = setup(() => json(200, SESSION));
    await flush();
    expect(customElements.get('wawp-connect')).toBeDefined();
    expect(shadow().getByRole('heading', { level: 1 }).textContent).toBe('Acme Support');
    expect(document.querySelector('.connect')).toBeNull(); // not in the light DOM
    expect(document.head.querySelector('style')).toBeNull(); // no global CSS
    const root = element.shadowRoot;
    const adopted = root?.adoptedStyleSheets?.length ?? 0;
    expect(adopted + (root?.querySelectorAll('style').length ?? 0)).toBe(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe('https://gw.example/connect/session');
    expect(init?.headers).toMatchObject({ authorization: 'Bearer wcl_secret' });
    expect(element.shadowRoot?.textContent).not.toMatch(/wawp|gateway/i);
  });

  it('streams over graphql-ws with the bearer token and dispatches connected', async () => {
    const { element, seen, shadow } = setup(() => json(200, SESSION));
    await flush();
    await flush();
    const socket = FakeSocket.instances[0];
    expect(socket?.url).toBe('wss://gw.example/connect/graphql');
    expect(socket?.sent[0]).toEqual({
      type: 'connection_init',
      payload: { authorization: 'Bearer wcl_secret' },
    });
    const [subscribe] = socket?.subscribes() ?? [];
    expect(subscribe?.payload?.variables).toEqual({ instanceId: 'abc', after: null });
    socket?.receive({
      type: 'next',
      id: subscribe?.id,
      payload: {
        data: {
          sessionEvents: {
            __typename: 'SessionSnapshot',
            cursor: 'c1',
            instanceId: 'abc',
            session: { status: 'WORKING', me: { id: '201145202826@c.us', pushName: 'Ada' } },
            qrCode: null,
          },
        },
      },
    });
    await flush();
    expect(shadow().getByRole('status').textContent).toBe('Connected as Ada');
    expect(seen).toEqual([{ type: 'connected', detail: { instanceId: 'abc', pushName: 'Ada' } }]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(shadow().queryByRole('link', { name: 'Continue now' })).toBeNull(); // no redirect
    element.remove();
  });

  it('shows and dispatches the refusal of an embedding origin', async () => {
    const { seen, shadow } = setup(() => json(403, { error: 'This site may not embed the link.' }));
    await flush();
    expect(shadow().getByRole('status').textContent).toBe('This site may not embed the link.');
    expect(seen).toEqual([
      { type: 'error', detail: { message: 'This site may not embed the link.' } },
    ]);
  });

  it('dispatches expired for an ended link', async () => {
    const { seen, shadow } = setup(() => json(200, session({ state: 'expired' })));
    await flush();
    expect(shadow().getByRole('status').textContent).toBe('This link has expired');
    expect(seen).toEqual([{ type: 'expired', detail: { state: 'expired' } }]);
  });

  it('is keyboard and click operable inside the shadow root', async () => {
    let offline = true;
    const { shadow } = setup(() => {
      if (offline) {
        throw new TypeError('offline');
      }
      return json(200, session({ state: 'used' }));
    });
    await flush();
    offline = false;
    fireEvent.click(shadow().getByRole('button', { name: 'Try again' }));
    await flush();
    expect(shadow().getByRole('status').textContent).toMatch(/already used/);
  });
});
