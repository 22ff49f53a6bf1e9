import { createHash, randomBytes, randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Baileys' Crockford-like pairing alphabet: no 0, I, O or U. */
export const PAIRING_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTVWXYZ';

const ulid = monotonicFactory();

const pick = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
const digits = (length: number) => pick('0123456789', length);

/** A 12-character upper-case alphanumeric Wawp `instance_id`. */
export const makeInstanceId = () => pick(UPPER_ALNUM, 12);

/**
 * A stable instance id and session name derived from `seed`, so the instances a simulator creates
 * at start keep their ids across restarts (a gateway's database still knows them).
 */
export function makeSeededIdentity(seed: string): { id: string; sessionName: string } {
  const bytes = createHash('sha256').update(`wawp-simulator:${seed}`).digest();
  const id = Array.from(bytes.subarray(0, 12), (b) => UPPER_ALNUM[b % UPPER_ALNUM.length]).join('');
  return {
    id,
    sessionName: `wawp-${bytes.readUInt32BE(12).toString().padStart(8, '0').slice(-8)}`,
  };
}

/** A WAHA session name such as `wawp-84729105`. */
export const makeSessionName = () => `wawp-${digits(8)}`;

/** A webhook event id: `evt_` + a lower-case ULID. */
export const makeEventId = () => `evt_${ulid().toLowerCase()}`;

/** A fresh id for each webhook delivery attempt (`X-Webhook-Request-Id`). */
export const makeRequestId = () => ulid();

/** An 8-character pairing code, without the display hyphen. */
export const makePairingCode = () => pick(PAIRING_ALPHABET, 8);

/** Shows a pairing code the way WAHA returns it: `XXXX-XXXX`. */
export const toDisplayCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** A WhatsApp-shaped QR ref value: `2@<ref>,<noiseKey>,<identityKey>,<advSecret>`. */
export const makeQrValue = () =>
  `2@${randomBytes(60).toString('base64')},${[32, 32, 32]
    .map((n) => randomBytes(n).toString('base64'))
    .join(',')}`;

/** A plausible phone number with country code for a scan that names none. */
export const makePhone = () => `2010${digits(8)}`;

/** A WhatsApp LID (`<digits>@lid`). */
export const makeLid = () => `${digits(15)}@lid`;
