import { internalError, invalidParameter, missingParameter } from './errors';
import { renderQrPng, renderWorkingScreenshot } from './qr';
import { type InstanceHandler, NO_STORE } from './route-types';
import { isPhoneNumber } from './session-machine';
import { waitForStatus } from './status-gate';
import { type Instance, SessionStatus } from './types';

const currentQr = (instance: Instance) => {
  if (!instance.qr) {
    throw internalError('SCAN_QR_CODE without a QR');
  }
  return instance.qr;
};

/** `/v2/auth/qr`: `{mimetype, data}` where `data` is base64 of `{value, expiry}` (see https://api.wawp.net/en/docs/v2/auth/qr). */
export const authQr: InstanceHandler = async ({ req, deps, instance }) => {
  const format = req.param('format') ?? 'raw';
  if (format !== 'raw') {
    throw invalidParameter('format', 'must be "raw"');
  }
  await waitForStatus(deps, instance, [SessionStatus.ScanQrCode]);
  const qr = currentQr(instance);
  const json = JSON.stringify({ value: qr.value, expiry: qr.expiresAt });
  return {
    body: { mimetype: 'application/json', data: Buffer.from(json).toString('base64') },
    headers: NO_STORE,
  };
};

/** `/v2/auth/qr-image`: `{qr: 'data:image/png;base64,…'}` (see https://api.wawp.net/en/docs/v2/auth/qr-image). */
export const authQrImage: InstanceHandler = async ({ deps, instance }) => {
  await waitForStatus(deps, instance, [SessionStatus.ScanQrCode]);
  const png = await renderQrPng(currentQr(instance).value);
  return { body: { qr: `data:image/png;base64,${png.toString('base64')}` }, headers: NO_STORE };
};

/** `POST /v2/auth/request-code`: `{code: 'XXXX-XXXX'}`, only in SCAN_QR_CODE (see https://api.wawp.net/en/docs/v2/auth/request-code). */
export const authRequestCode: InstanceHandler = async ({ req, deps, instance }) => {
  const phone = req.param('phone_number');
  if (phone === undefined) {
    throw missingParameter('phone_number');
  }
  if (!isPhoneNumber(phone)) {
    throw invalidParameter(
      'phone_number',
      'must be 8-15 digits with country code, without "+" or "00"',
    );
  }
  await waitForStatus(deps, instance, [SessionStatus.ScanQrCode]);
  return { body: { code: deps.machine.requestCode(instance, phone) }, headers: NO_STORE };
};

/** `/v2/auth/screenshot`: the QR in SCAN_QR_CODE, a placeholder PNG in WORKING (an optional route; see docs/wawp-contract.md section 2). */
export const authScreenshot: InstanceHandler = async ({ deps, instance }) => {
  await waitForStatus(deps, instance, [SessionStatus.ScanQrCode, SessionStatus.Working]);
  const png =
    instance.status === SessionStatus.ScanQrCode
      ? await renderQrPng(currentQr(instance).value)
      : await renderWorkingScreenshot(instance.sessionName);
  return { body: { mimetype: 'image/png', data: png.toString('base64') }, headers: NO_STORE };
};
