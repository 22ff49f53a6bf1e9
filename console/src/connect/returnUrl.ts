/**
 * Where to send the user once connected: `returnUrl` with `status=connected` and
 * `instance=<id>` merged into its query (other parameters and the fragment kept). `null` when
 * there is no return URL or it is not an http(s) URL.
 */
export function buildReturnUrl(returnUrl: string | null, instanceId: string): string | null {
  if (!returnUrl) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return null;
  }
  url.searchParams.set('status', 'connected');
  url.searchParams.set('instance', instanceId);
  return url.href;
}
