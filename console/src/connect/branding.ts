import type { Branding } from './api';

/** The page's name when the tenant set none. */
export const DEFAULT_TITLE = 'Connect WhatsApp';

/** Branding the page can use safely: only what has the expected shape survives. */
export interface SafeBranding {
  title: string;
  /** The tenant's own name, when set (the neutral title is not a name). */
  displayName: string | null;
  logoDataUrl: string | null;
  accent: { color: string; text: string } | null;
  supportUrl: string | null;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
export function textColorOn(hex: string): '#000000' | '#ffffff' {
  const channel = (offset: number) => {
    const c = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // contrast with white is (1.05 / (L + 0.05)), with black ((L + 0.05) / 0.05): equal at L ≈ 0.179
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

const httpUrl = (value: string | null) => {
  if (!value) {
    return null;
  }
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
};

/**
 * Checks the tenant's branding before it reaches the DOM: a `data:image/` logo only (no remote
 * image), an http(s) support link only (no `javascript:`), a `#RRGGBB` accent only.
 */
export function safeBranding(branding: Branding | null | undefined): SafeBranding {
  const name = branding?.displayName?.trim() || null;
  const logo = branding?.logoDataUrl ?? null;
  const color = branding?.accentColor ?? null;
  return {
    title: name ?? DEFAULT_TITLE,
    displayName: name,
    logoDataUrl: logo && /^data:image\/[a-z0-9.+-]+[;,]/i.test(logo) ? logo : null,
    accent: color && HEX.test(color) ? { color, text: textColorOn(color) } : null,
    supportUrl: httpUrl(branding?.supportUrl ?? null),
  };
}

/** Sets (or clears) the accent colour as custom properties, through the CSSOM (CSP-safe). */
export function applyAccent(element: HTMLElement, accent: SafeBranding['accent']): void {
  if (accent) {
    element.style.setProperty('--accent', accent.color);
    element.style.setProperty('--accent-text', accent.text);
  } else {
    element.style.removeProperty('--accent');
    element.style.removeProperty('--accent-text');
  }
}
