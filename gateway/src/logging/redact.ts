/** What replaces a secret in logs and error text. */
export const REDACTED = '[Redacted]';

// Secrets that have a recognisable shape even when their value is unknown to this process:
// gateway API keys, bearer credentials, and credentials in query strings or JSON.
const PATTERNS: RegExp[] = [
  /wgk_[A-Za-z0-9_-]{8,}/g,
  /(bearer\s+)[^\s"',;]+/gi,
  /((?:access[_-]?token|api[_-]?key|token|authorization)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
];

/**
 * Returns a scrubber that removes every known secret value and every secret-shaped substring from
 * a string. `secrets` is read on each call, so keys created at runtime are covered too.
 */
export function createRedactor(secrets: () => Iterable<string>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret.length >= 4 && out.includes(secret)) {
        out = out.split(secret).join(REDACTED);
      }
    }
    for (const pattern of PATTERNS) {
      out = out.replace(pattern, (match, prefix?: string) =>
        typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${REDACTED}` : REDACTED,
      );
    }
    return out;
  };
}
