import {
  parseIncompletePhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/max';
import { ErrorCode, gatewayError } from './errors';

const EXAMPLE = 'e.g. +20 114 520 2826';
const MAX_INPUT_LENGTH = 40;
// Digits of any script (libphonenumber-js reads Arabic-Indic and full-width digits), spaces,
// dashes of any kind, dots, parentheses, slashes and "+".
const ALLOWED = /^[\p{Nd}\s\p{Pd}.()/+]*$/u;

function invalid(reason: string): Error {
  return gatewayError(ErrorCode.BadUserInput, `phoneNumber ${reason}`, { field: 'phoneNumber' });
}

/** Adds the "+" that people leave out, or reads the "00" international prefix. */
function toInternational(compact: string): string {
  if (compact.startsWith('+')) {
    return compact;
  }
  if (compact.startsWith('00')) {
    return `+${compact.slice(2)}`;
  }
  if (compact.startsWith('0')) {
    throw invalid(`must include the country code, ${EXAMPLE}`);
  }
  return `+${compact}`;
}

const LENGTH_REASONS: Record<string, string> = {
  INVALID_COUNTRY: `does not start with a known country code, ${EXAMPLE}`,
  TOO_SHORT: 'is too short',
  TOO_LONG: 'is too long',
  INVALID_LENGTH: 'has the wrong number of digits',
};

function lengthReason(problem: string, international: string): string {
  const reason = LENGTH_REASONS[problem];
  if (!reason) {
    return `is not a phone number; write it with the country code, ${EXAMPLE}`;
  }
  return problem === 'INVALID_COUNTRY'
    ? reason
    : `${reason} (${international.length - 1} digits with the country code), ${EXAMPLE}`;
}

/**
 * Normalises a phone number as people type it to international digits without "+", the form Wawp
 * expects: `+20 114 520 2826`, `0020 114-520-2826`, `(+20) 114.520.2826` and `201145202826` all
 * give `201145202826`. A number without "+" or "00" is read as already international unless it
 * starts with a national "0".
 *
 * Checks the number against the full libphonenumber metadata (`isValid`), not only its length.
 * @throws `BAD_USER_INPUT` (with `extensions.field: 'phoneNumber'`) whose message says why.
 */
export function normalizePhoneNumber(input: string): string {
  const raw = input.trim();
  if (raw === '') {
    throw invalid(`is empty; enter it with the country code, ${EXAMPLE}`);
  }
  if (raw.length > MAX_INPUT_LENGTH) {
    throw invalid(`is too long (at most ${MAX_INPUT_LENGTH} characters)`);
  }
  if (!ALLOWED.test(raw)) {
    throw invalid('may contain only digits, spaces, "+", "-", ".", "/", "(" and ")"');
  }
  const plusSigns = raw.split('+').length - 1;
  if (plusSigns > 1 || (plusSigns === 1 && !/^[\s(]*\+/u.test(raw))) {
    throw invalid('may contain one "+", only before the country code');
  }
  const compact = parseIncompletePhoneNumber(raw);
  if (compact.replace('+', '') === '') {
    throw invalid(`has no digits; ${EXAMPLE}`);
  }
  const international = toInternational(compact);
  const problem = validatePhoneNumberLength(international);
  if (problem) {
    throw invalid(lengthReason(problem, international));
  }
  const parsed = parsePhoneNumberFromString(international);
  if (!parsed?.isValid()) {
    const country = parsed ? ` for country code +${parsed.countryCallingCode}` : '';
    throw invalid(`is not a valid number${country}; check the digits, ${EXAMPLE}`);
  }
  return parsed.number.slice(1);
}
