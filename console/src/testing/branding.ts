import type { TenantBrandingData } from '../lib/brandingDraft';

/** A tenant that set no branding, as the gateway answers it. */
export const EMPTY_BRANDING_DATA: TenantBrandingData = {
  displayName: null,
  logoDataUrl: null,
  accentColor: null,
  supportUrl: null,
  allowedReturnOrigins: [],
  allowedEmbedOrigins: [],
};
