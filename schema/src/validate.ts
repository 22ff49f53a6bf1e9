import { ErrorCode, gatewayError } from './errors';

/** Longest instance label and tenant name, in characters. */
export const MAX_NAME_LENGTH = 80;
/** Longest instance id accepted by `registerInstance`, in characters. */
export const MAX_ID_LENGTH = 128;

// Control characters would corrupt logs and the console's tables.
const CONTROL = /\p{Cc}/u;

/** Longest `externalRef`, in characters. */
export const MAX_EXTERNAL_REF_LENGTH = 200;

/** @private A `BAD_USER_INPUT` error naming `field`. */
export function badInput(field: string, message: string): Error {
  return gatewayError(ErrorCode.BadUserInput, `${field} ${message}`, { field });
}

/** @private Trims `value` and checks its length and that it has no control characters. */
export function checkText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if ([...trimmed].length > max) {
    throw badInput(field, `must be at most ${max} characters (got ${[...trimmed].length}).`);
  }
  if (CONTROL.test(trimmed)) {
    throw badInput(field, 'must not contain control characters such as line breaks.');
  }
  return trimmed;
}

/** Trims an optional instance label; blank means no label. @throws `BAD_USER_INPUT` */
export function normalizeLabel(label: string | null | undefined): string | null {
  if (label == null) {
    return null;
  }
  return checkText('label', label, MAX_NAME_LENGTH) || null;
}

/** Trims a tenant name, which needs 1–80 characters. @throws `BAD_USER_INPUT` */
export function normalizeTenantName(name: string): string {
  const trimmed = checkText('name', name, MAX_NAME_LENGTH);
  if (trimmed === '') {
    throw badInput('name', 'must not be empty.');
  }
  return trimmed;
}

/** Trims an id typed by an admin (e.g. an existing Wawp instance id). @throws `BAD_USER_INPUT` */
export function normalizeId(field: string, id: string): string {
  const trimmed = checkText(field, id, MAX_ID_LENGTH);
  if (trimmed === '' || /\s/u.test(trimmed)) {
    throw badInput(field, 'must be a non-empty id without spaces.');
  }
  return trimmed;
}

/**
 * Trims the integrator's own id for an instance: `undefined` leaves it as it is, null or blank
 * clears it. @throws `BAD_USER_INPUT`
 */
export function normalizeExternalRef(value: string | null | undefined): string | null | undefined {
  if (value === undefined) {
    return undefined;
  }
  return value === null ? null : checkText('externalRef', value, MAX_EXTERNAL_REF_LENGTH) || null;
}
