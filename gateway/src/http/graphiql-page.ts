import { createHash } from 'node:crypto';
import type { GraphiQLOptions } from 'graphql-yoga';
import { graphiqlContentSecurityPolicy } from './security-headers';

/** `'sha256-…'` of every inline `<script>` of `html`, as a CSP source expression needs them. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script(?:\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const [whole, body = ''] = match;
    if (/\ssrc\s*=/i.test(whole.slice(0, whole.indexOf('>')))) {
      continue; // an external script is not inline (and `'self'` would not cover it: none exist)
    }
    hashes.add(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`);
  }
  return [...hashes];
}

/**
 * GraphiQL from the gateway's own bytes: `@graphql-yoga/render-graphiql` inlines GraphiQL's
 * script, styles and Monaco's workers into one HTML document (no CDN, unlike yoga's default
 * page). It is about 9 MB, so it is loaded on first use (production never loads it) and
 * rendered once per set of options; `policy()` is the CSP matching the last page rendered.
 */
export function createGraphiQLPage() {
  let rendered: { key: string; html: string; policy: string } | null = null;
  return {
    /** yoga's `renderGraphiQL` option. */
    async render(options?: GraphiQLOptions): Promise<string> {
      const key = JSON.stringify(options ?? {});
      if (rendered?.key !== key) {
        const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
        const html = renderGraphiQL(options);
        rendered = { key, html, policy: graphiqlContentSecurityPolicy(inlineScriptHashes(html)) };
      }
      return rendered.html;
    },
    /** The page's Content-Security-Policy; `null` before it was first rendered. */
    policy(): string | null {
      return rendered?.policy ?? null;
    },
  };
}
