import { describe, expect, it } from 'vitest';
import { DEFAULT_TITLE, safeBranding, textColorOn } from './branding';
import { SESSION } from './testing/session';

describe('safeBranding', () => {
  it('keeps well-formed branding and picks a readable text colour for the accent', () => {
    expect(safeBranding(SESSION.branding)).toEqual({
      title: 'Acme Support',
      displayName: 'Acme Support',
      logoDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      accent: { color: '#ff6600', text: '#000000' },
      supportUrl: 'https://acme.example/help',
    });
    expect(textColorOn('#0b3d91')).toBe('#ffffff');
    expect(textColorOn('#ffee00')).toBe('#000000');
  });

  it('drops what could be abused and falls back to a neutral title', () => {
    expect(
      safeBranding({
        displayName: '  ',
        logoDataUrl: 'https://tracker.example/pixel.png',
        accentColor: 'red; background: url(x)',
        supportUrl: 'javascript:alert(1)',
      }),
    ).toEqual({
      title: DEFAULT_TITLE,
      displayName: null,
      logoDataUrl: null,
      accent: null,
      supportUrl: null,
    });
    expect(safeBranding(null).title).toBe('Connect WhatsApp');
  });
});
