/** The outcome of checking a typed phone number: the value as typed, or why it cannot be one. */
export type PhoneCheck = { ok: true; value: string } | { ok: false; reason: string };

/**
 * Checks what people type (`+20 114 520 2826`, `0020 114…`, `201145202826`) before asking the
 * gateway, which normalises it. E.164 allows at most 15 digits; 8 is the shortest real number
 * with its country code.
 */
export function checkPhoneNumber(input: string): PhoneCheck {
  const value = input.trim();
  if (value === '') {
    return { ok: false, reason: 'Enter the phone number of the WhatsApp account.' };
  }
  if (/[^\d\s+().-]/.test(value)) {
    return { ok: false, reason: 'Use digits only; spaces, dashes and a leading + are fine.' };
  }
  if (value.lastIndexOf('+') > 0) {
    return { ok: false, reason: 'A + may only come first, before the country code.' };
  }
  const digits = value.replace(/\D/g, '');
  const international = value.startsWith('+') || digits.startsWith('00');
  const significant = digits.startsWith('00') ? digits.slice(2) : digits;
  if (!international && digits.startsWith('0')) {
    return { ok: false, reason: 'Start with the country code, for example +20 for Egypt.' };
  }
  if (significant.length < 8) {
    return { ok: false, reason: 'Too short: include the country code and the full number.' };
  }
  if (significant.length > 15) {
    return { ok: false, reason: 'Too long: a phone number has at most 15 digits.' };
  }
  return { ok: true, value };
}

/** Shows a pairing code the way WhatsApp asks for it: `ABCD-EFGH`. */
export function formatPairingCode(code: string): string {
  const chars = code.replace(/[^0-9a-z]/gi, '').toUpperCase();
  return chars.match(/.{1,4}/g)?.join('-') ?? '';
}
