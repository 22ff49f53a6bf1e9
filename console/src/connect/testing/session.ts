import type { ConnectSession } from '../api';

/** An active link to instance `abc` with every branding field set. */
export const SESSION: ConnectSession = {
  state: 'active',
  instanceId: 'abc',
  expiresAt: '2026-11-25T12:00:00.000Z',
  returnUrl: 'https://app.example/done?from=sms#top',
  branding: {
    displayName: 'Acme Support',
    logoDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
    accentColor: '#ff6600',
    supportUrl: 'https://acme.example/help',
  },
};

/** `SESSION` with another state and/or fields. */
export const session = (more: Partial<ConnectSession> = {}): ConnectSession => ({
  ...SESSION,
  ...more,
});

/** A `Response` as the server sends JSON. */
export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
