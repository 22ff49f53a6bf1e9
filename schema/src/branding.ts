import type { TenantBranding } from './ports';
import { badInput, checkText, MAX_NAME_LENGTH } from './validate';

/** A tenant without branding: the connect page shows neutral defaults. */
export const EMPTY_BRANDING: TenantBranding = Object.freeze({
  displayName: null,
  logoDataUrl: null,
  accentColor: null,
  supportUrl: null,
  allowedReturnOrigins: [],
  allowedEmbedOrigins: [],
}) as TenantBranding;

/** Largest logo, decoded. */
export const MAX_LOGO_BYTES = 64 * 1024;
/** Most origins in one allow-list. */
const MAX_ORIGINS = 20;

/** File signatures of the logo formats accepted, by MIME type. */
const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  'image/png': (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) =>
    String.fromCharCode(...b.slice(0, 4)) === 'RIFF' &&
    String.fromCharCode(...b.slice(8, 12)) === 'WEBP',
};

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `url` may be used where https is required: https, or http on a loopback host. */
export function isSecureOrLoopback(url: URL): boolean {
  return (
    url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  );
}

function parseUrl(field: string, value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw badInput(field, `must be an absolute URL (got "${value.slice(0, 80)}").`);
  }
}

/** An https URL (http on loopback), e.g. a support page. @throws `BAD_USER_INPUT` */
export function normalizeHttpsUrl(field: string, value: string): string {
  const url = parseUrl(field, value.trim());
  if (!isSecureOrLoopback(url) || url.username || url.password) {
    throw badInput(field, 'must be an https URL (http only on localhost), without credentials.');
  }
  return url.href;
}

/** `https://host[:port]` (http on loopback), as a browser writes an origin. @throws `BAD_USER_INPUT` */
export function normalizeOrigin(field: string, value: string): string {
  const url = parseUrl(field, value.trim());
  if (!isSecureOrLoopback(url) || url.origin === 'null' || `${url.origin}/` !== url.href) {
    throw badInput(
      field,
      `must be an origin such as https://app.example.com, nothing after it (got "${value.slice(0, 80)}").`,
    );
  }
  return url.origin;
}

function normalizeLogo(value: string): string {
  const match = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/.exec(
    value.trim(),
  );
  if (!match) {
    throw badInput('logoDataUrl', 'must be a base64 data URL of a PNG, JPEG or WebP image.');
  }
  const [, type = '', base64 = ''] = match;
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) {
    throw badInput(
      'logoDataUrl',
      `must be at most 64 KiB (got ${Math.ceil(bytes.length / 1024)} KiB).`,
    );
  }
  if (!SIGNATURES[type]?.(bytes)) {
    throw badInput('logoDataUrl', `is not a ${type} image (its bytes do not start like one).`);
  }
  return `data:${type};base64,${bytes.toString('base64')}`;
}

function normalizeOrigins(field: string, values: readonly string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > MAX_ORIGINS) {
    throw badInput(field, `may hold at most ${MAX_ORIGINS} origins.`);
  }
  return [...new Set(list.map((value) => normalizeOrigin(field, value)))];
}

/** The input of `updateTenantBranding`, as GraphQL hands it over. */
export interface BrandingInput {
  displayName?: string | null;
  logoDataUrl?: string | null;
  accentColor?: string | null;
  supportUrl?: string | null;
  allowedReturnOrigins?: readonly string[] | null;
  allowedEmbedOrigins?: readonly string[] | null;
}

/** Checks and normalises a whole branding; absent fields are cleared. @throws `BAD_USER_INPUT` */
export function normalizeBranding(input: BrandingInput): TenantBranding {
  const displayName =
    input.displayName == null
      ? null
      : checkText('displayName', input.displayName, MAX_NAME_LENGTH) || null;
  const accentColor = input.accentColor == null ? null : input.accentColor.trim();
  if (accentColor !== null && !/^#[0-9a-fA-F]{6}$/.test(accentColor)) {
    throw badInput('accentColor', 'must be a colour written #RRGGBB.');
  }
  return {
    displayName,
    logoDataUrl: input.logoDataUrl == null ? null : normalizeLogo(input.logoDataUrl),
    accentColor: accentColor?.toLowerCase() ?? null,
    supportUrl: input.supportUrl == null ? null : normalizeHttpsUrl('supportUrl', input.supportUrl),
    allowedReturnOrigins: normalizeOrigins('allowedReturnOrigins', input.allowedReturnOrigins),
    allowedEmbedOrigins: normalizeOrigins('allowedEmbedOrigins', input.allowedEmbedOrigins),
  };
}
