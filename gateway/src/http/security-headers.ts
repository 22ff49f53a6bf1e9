import type { ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';

/**
 * The Content-Security-Policy of every response: the gateway's own origin only, never framed.
 * `'self'` in `connect-src` also covers `ws:`/`wss:` to the page's own host (CSP Level 3, which
 * Chromium implements; test/browser/csp.test.ts holds the console's socket to it). `data:` images
 * are the QR codes and screenshots the console shows. No inline script or `<style>`; the built
 * console has neither (Solid sets inline styles through the CSSOM, which CSP allows).
 */
/** The directives every page shares: own origin only, never framed. */
const BASE_POLICY: Record<string, string> = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
};

const toPolicy = (directives: Record<string, string>) =>
  Object.entries({ ...BASE_POLICY, ...directives })
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

export const CONTENT_SECURITY_POLICY = toPolicy({});

/**
 * The policy of a connect page: as every page, except that the pages of `embedOrigins` (the
 * link's tenant's `allowedEmbedOrigins`) may frame it.
 */
export function connectPagePolicy(embedOrigins: readonly string[]): string {
  return toPolicy({ 'frame-ancestors': ["'self'", ...embedOrigins].join(' ') });
}

/**
 * The policy of the GraphiQL page (development only), which `@graphql-yoga/render-graphiql`
 * renders as one HTML document with its script, styles and Monaco's workers inlined: the inline
 * scripts are allowed by their hashes, the workers are `blob:` URLs that script creates, and
 * styles need `'unsafe-inline'` because Monaco and React insert `<style>` elements at run time
 * (with no nonce to give them). Still no other origin, and never framed.
 */
export function graphiqlContentSecurityPolicy(scriptHashes: readonly string[]): string {
  return toPolicy({
    'script-src': scriptHashes.map((hash) => `'${hash}'`).join(' '),
    'style-src': "'self' 'unsafe-inline'",
    'font-src': "'self' data:",
    'worker-src': "'self' blob:",
  });
}

/** The headers every gateway response carries (console files, yoga, errors, 404s). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Sets {@link SECURITY_HEADERS} on a node:http response (headers written later keep them). */
export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    res.setHeader(name, value);
  }
}

export interface SecurityHeadersOptions {
  /**
   * The policy of an HTML response of yoga's (only GraphiQL renders one), or `null` for the
   * default policy.
   */
  htmlPolicy?: (request: Request) => string | null;
}

/**
 * Sets {@link SECURITY_HEADERS} on every yoga response (GraphQL over HTTP and SSE, health,
 * metrics, webhooks, yoga's 404s), with the GraphiQL page's own policy on that page.
 */
export function useSecurityHeaders(options: SecurityHeadersOptions = {}): Plugin {
  const headers = Object.entries(SECURITY_HEADERS);
  const { htmlPolicy } = options;
  return {
    onResponse({ request, response }) {
      for (const [name, value] of headers) {
        response.headers.set(name, value);
      }
      if (!htmlPolicy) {
        return;
      }
      const isHtml = (response.headers.get('content-type') ?? '').startsWith('text/html');
      const policy = isHtml ? htmlPolicy(request) : null;
      if (policy) {
        response.headers.set('content-security-policy', policy);
      }
    },
  };
}
