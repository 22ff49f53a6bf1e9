import { toDisplayCode } from './ids';
import { visibleMe } from './session-dto';
import type { Instance } from './types';

/** One instance as `GET /_sim/instances` and the phone-side actions show it. */
export const toControlView = (instance: Instance) => ({
  instance_id: instance.id,
  name: instance.sessionName,
  server_name: instance.serverName,
  status: instance.status,
  statuses: instance.statuses.map((entry) => ({ ...entry })),
  me: visibleMe(instance),
  /** Stored credentials exist: a start goes straight to WORKING. */
  linked: instance.auth !== null,
  qr: instance.qr
    ? { value: instance.qr.value, index: instance.qr.index, expires_at: instance.qr.expiresAt }
    : null,
  pairing: instance.pairing
    ? { code: toDisplayCode(instance.pairing.code), phone: instance.pairing.phone }
    : null,
  webhooks: instance.webhooks.map((hook) => ({ ...hook })),
});
