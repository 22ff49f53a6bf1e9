import { z } from 'zod';
import { invalidParameter, missingParameter } from './errors';
import type { WebhookRetries } from './types';
import type { WawpRequest } from './wawp-request';

const urlSchema = z.url({ protocol: /^https?$/ });

/** `events`: a non-empty array of event names (`*` for all). */
export const eventsSchema = z.array(z.string().min(1)).min(1, 'must not be empty');

/** `is_active`: a boolean, 0/1 or their string forms. */
export const activeSchema = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
  .transform((value) => value === true || value === 1 || value === '1' || value === 'true');

/** `retries`: `{delay, attempts}` in seconds and tries; either may be left out. */
export const retriesSchema = z.strictObject({
  delay: z.number().min(0).max(3_600).optional(),
  attempts: z.int().min(1).max(100).optional(),
});

/** `hmac`: the secret sent as `X-Wawp-Signature`; `''` or `null` means none. */
export const hmacSchema = z.string().max(512).nullable();

/** `name`: a label; `''` or `null` removes it. */
export const nameSchema = z.string().max(200).nullable();

/** The required `url` parameter, an http(s) URL. */
export function requireUrl(req: WawpRequest): string {
  const url = req.param('url');
  if (url === undefined) {
    throw missingParameter('url');
  }
  if (!urlSchema.safeParse(url).success) {
    throw invalidParameter('url', 'must be an http(s) URL');
  }
  return url;
}

/**
 * An optional parameter checked against `schema`; `undefined` when absent. With `fromText`, a
 * string (query and form bodies carry arrays and objects as text) is parsed as JSON first.
 */
export function optionalField<T>(
  req: WawpRequest,
  name: string,
  schema: z.ZodType<T>,
  fromText = false,
): T | undefined {
  let value = req.rawParam(name);
  if (value === undefined) {
    return undefined;
  }
  if (fromText && typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidParameter(name, 'must be JSON');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw invalidParameter(name, `is invalid${at}: ${issue?.message ?? 'bad value'}`);
  }
  return parsed.data;
}

/** `partial` on top of `base`. */
export const mergeRetries = (
  base: Readonly<WebhookRetries>,
  partial: z.infer<typeof retriesSchema> | undefined,
): WebhookRetries => ({
  delay: partial?.delay ?? base.delay,
  attempts: partial?.attempts ?? base.attempts,
});
