import { renderQrDataUrl } from './qr';
import { type Instance, type Me, SessionStatus } from './types';
import { toListedWebhook } from './webhook-view';

/** `me` is only visible while WORKING, as WAHA's `session/me` answers. */
export const visibleMe = (instance: Instance): Me | null =>
  instance.status === SessionStatus.Working ? instance.auth : null;

/** The WAHA SessionDTO plus Wawp's ids: the answer of every session action (see https://api.wawp.net/en/docs/v2/session/start). */
export const toSessionDto = (instance: Instance, userId: string) => ({
  instance_id: instance.id,
  name: instance.sessionName,
  server_name: instance.serverName,
  status: instance.status,
  config: {
    webhooks: instance.webhooks.map(toListedWebhook),
    proxy: null,
    metadata: { instance_id: instance.id, user_id: userId },
  },
  me: visibleMe(instance),
  engine: { engine: 'NOWEB' },
});

/** `session/info`: the DTO plus `qr` (a PNG data URL) only in SCAN_QR_CODE (see https://api.wawp.net/en/docs/v2/session/info). */
export async function toSessionInfo(instance: Instance, userId: string) {
  const dto = toSessionDto(instance, userId);
  const qr = instance.status === SessionStatus.ScanQrCode ? instance.qr : null;
  return qr ? { ...dto, qr: await renderQrDataUrl(qr.value) } : dto;
}
