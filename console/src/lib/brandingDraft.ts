import type { Branding } from '../connect/api';
import type { TenantBrandingInput } from '../gql/graphql';

/** Largest logo the gateway accepts, in bytes (decoded). */
export const MAX_LOGO_BYTES = 64 * 1024;
/** Logo formats the gateway accepts. */
export const LOGO_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/webp'];

/** A tenant's branding as the gateway holds it. */
export interface TenantBrandingData {
  displayName?: string | null;
  logoDataUrl?: string | null;
  accentColor?: string | null;
  supportUrl?: string | null;
  allowedReturnOrigins: readonly string[];
  allowedEmbedOrigins: readonly string[];
}

/** The branding form as typed: every field a string; the origin lists one per line. */
export interface BrandingDraft {
  displayName: string;
  logoDataUrl: string | null;
  /** `#RRGGBB`, or blank for the page's own green. */
  accentColor: string;
  supportUrl: string;
  allowedReturnOrigins: string;
  allowedEmbedOrigins: string;
}

/** Fields of `TenantBrandingInput`, as the gateway names them in `extensions.field`. */
export type BrandingField = keyof BrandingDraft;

/** Problems to show beside each field. */
export type BrandingErrors = Partial<Record<BrandingField, string>>;

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The form's starting point: what the tenant has now. */
export function draftFromBranding(branding: TenantBrandingData): BrandingDraft {
  return {
    displayName: branding.displayName ?? '',
    logoDataUrl: branding.logoDataUrl ?? null,
    accentColor: branding.accentColor ?? '',
    supportUrl: branding.supportUrl ?? '',
    allowedReturnOrigins: branding.allowedReturnOrigins.join('\n'),
    allowedEmbedOrigins: branding.allowedEmbedOrigins.join('\n'),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const blankToNull = (text: string) => text.trim() || null;

/** The whole branding to send: blank fields are left null, which clears them. */
export function toBrandingInput(draft: BrandingDraft): TenantBrandingInput {
  return {
    displayName: blankToNull(draft.displayName),
    logoDataUrl: draft.logoDataUrl,
    accentColor: blankToNull(draft.accentColor),
    supportUrl: blankToNull(draft.supportUrl),
    allowedReturnOrigins: lines(draft.allowedReturnOrigins),
    allowedEmbedOrigins: lines(draft.allowedEmbedOrigins),
  };
}

/** The checks made before saving (the gateway makes them all again). */
export function checkBrandingDraft(draft: BrandingDraft): BrandingErrors {
  const errors: BrandingErrors = {};
  const accent = draft.accentColor.trim();
  if (accent && !HEX.test(accent)) {
    errors.accentColor = 'Write the colour as #RRGGBB, e.g. #0B7A55.';
  }
  const support = draft.supportUrl.trim();
  if (support && !/^https?:\/\//i.test(support)) {
    errors.supportUrl = 'Enter a full https URL, e.g. https://help.example.com.';
  }
  return errors;
}

/** Why a chosen logo file cannot be used (type and size, before it is read), or null. */
export function checkLogoFile(file: { type: string; size: number }): string | null {
  if (!LOGO_TYPES.includes(file.type)) {
    return 'Choose a PNG, JPEG or WebP image.';
  }
  if (file.size > MAX_LOGO_BYTES) {
    return `The logo must be at most 64 KiB (this one is ${Math.ceil(file.size / 1024)} KiB).`;
  }
  return null;
}

/** Reads a logo file into a `data:` URL. */
export function readLogo(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

/** The draft as the connect page would receive it, for the live preview. */
export function previewBranding(draft: BrandingDraft): Branding {
  return {
    displayName: blankToNull(draft.displayName),
    logoDataUrl: draft.logoDataUrl,
    accentColor: blankToNull(draft.accentColor),
    supportUrl: blankToNull(draft.supportUrl),
  };
}
