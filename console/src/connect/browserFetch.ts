/**
 * The browser's `fetch`, for the connect page's and widget's composition roots to inject. The
 * no-global-fetch rule guards the gateway's Wawp budget; the browser calling its own server is
 * outside that, so this one reference is allowed.
 */
export const browserFetch: typeof fetch = (input, init) =>
  // biome-ignore lint/plugin: the single place the connect bundles take the browser's fetch
  fetch(input, init);
