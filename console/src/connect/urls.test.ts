import { describe, expect, it } from 'vitest';
import { parseConnectLink } from './link';
import { buildReturnUrl } from './returnUrl';

describe('buildReturnUrl', () => {
  it('merges status and instance into the existing query, keeping the fragment', () => {
    expect(buildReturnUrl('https://app.example/done?from=sms#top', 'abc')).toBe(
      'https://app.example/done?from=sms&status=connected&instance=abc#top',
    );
    expect(buildReturnUrl('https://app.example/?status=pending', 'A B')).toBe(
      'https://app.example/?status=connected&instance=A+B',
    );
  });

  it('refuses no URL and non-http URLs', () => {
    expect(buildReturnUrl(null, 'abc')).toBeNull();
    expect(buildReturnUrl('not a url', 'abc')).toBeNull();
    expect(buildReturnUrl('javascript:alert(1)', 'abc')).toBeNull();
  });
});

describe('parseConnectLink', () => {
  it('splits a connect link into origin and token', () => {
    expect(parseConnectLink('https://gw.example/connect/wcl_abc')).toEqual({
      origin: 'https://gw.example',
      token: 'wcl_abc',
    });
    expect(parseConnectLink('https://gw.example/other/wcl_abc')).toBeNull();
    expect(parseConnectLink('ftp://gw.example/connect/wcl_abc')).toBeNull();
    expect(parseConnectLink(null)).toBeNull();
  });
});
