const REDACTED = '[redacted]';
// Query parameters that carry a receiver's credential, e.g. the gateway's `?token=`.
const SECRET_PARAM = /token|secret|key|hmac|sig|pass|auth|credential/i;

/**
 * `url` with the values of credential-like query parameters and any userinfo replaced by
 * `[redacted]`, for control views and logs. Text that is not a URL is redacted whole.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
  }
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, REDACTED);
    }
  }
  // URLSearchParams encodes the brackets; keep the marker readable
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}
