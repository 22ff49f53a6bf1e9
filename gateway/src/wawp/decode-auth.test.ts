import { describe, expect, it } from 'vitest';
import { WawpDecodeError } from './decode';
import { decodeCode, decodeQr, decodeQrImage, decodeScreenshot } from './decode-auth';

const VALUE = '2@abc,def,ghi,jkl';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('decodeQr', () => {
  it('decodes Wawp {mimetype, data} with an expiry in ms', () => {
    const body = {
      mimetype: 'application/json',
      data: b64({ value: VALUE, expiry: 1722170460000 }),
    };
    expect(decodeQr(body)).toEqual({ value: VALUE, expiresAt: new Date(1722170460000) });
  });
  it('reads an expiry in seconds or ISO form', () => {
    expect(decodeQr({ data: b64({ value: VALUE, expiry: 1722170460 }) }).expiresAt).toEqual(
      new Date(1722170460000),
    );
    expect(decodeQr({ value: VALUE, expiry: '2024-07-28T12:41:00.000Z' }).expiresAt).toEqual(
      new Date('2024-07-28T12:41:00.000Z'),
    );
  });
  it('treats expiry as optional', () => {
    expect(decodeQr({ mimetype: 'application/json', data: b64({ value: VALUE }) })).toEqual({
      value: VALUE,
      expiresAt: null,
    });
  });
  it('decodes WAHA {value} and {qr}', () => {
    expect(decodeQr({ value: VALUE })).toEqual({ value: VALUE, expiresAt: null });
    expect(decodeQr({ qr: VALUE })).toEqual({ value: VALUE, expiresAt: null });
  });
  it.each([
    ['not base64 JSON', { mimetype: 'application/json', data: '@@@' }],
    ['a PNG instead of JSON', { mimetype: 'image/png', data: 'iVBORw0KGgo=' }],
    ['no value', { data: b64({ expiry: 1 }) }],
    ['an empty object', {}],
    ['null', null],
  ])('rejects %s', (_, body) => {
    expect(() => decodeQr(body)).toThrow(WawpDecodeError);
  });
});

describe('decodeQrImage', () => {
  it('decodes {qr: data URL}', () => {
    expect(decodeQrImage({ qr: 'data:image/png;base64,AAA' })).toEqual({
      dataUrl: 'data:image/png;base64,AAA',
    });
  });
  it('decodes {mimetype, data} into a data URL', () => {
    expect(decodeQrImage({ mimetype: 'image/png', data: 'AAA' })).toEqual({
      dataUrl: 'data:image/png;base64,AAA',
    });
  });
  it('rejects a body without an image', () => {
    expect(() => decodeQrImage({ qr: null })).toThrow(WawpDecodeError);
  });
});

describe('decodeCode', () => {
  it('decodes {code}', () => {
    expect(decodeCode({ code: 'ABCD-EFGH' })).toEqual({ code: 'ABCD-EFGH' });
  });
  it('rejects a body without a code', () => {
    expect(() => decodeCode({ ok: true })).toThrow(WawpDecodeError);
  });
});

describe('decodeScreenshot', () => {
  it('decodes {mimetype, data}', () => {
    expect(decodeScreenshot({ mimetype: 'image/jpeg', data: 'BBB' })).toEqual({
      mimeType: 'image/jpeg',
      dataBase64: 'BBB',
    });
  });
  it('decodes a data URL', () => {
    expect(decodeScreenshot({ data: 'data:image/png;base64,CCC' })).toEqual({
      mimeType: 'image/png',
      dataBase64: 'CCC',
    });
  });
  it('rejects a body without data', () => {
    expect(() => decodeScreenshot({ mimetype: 'image/png' })).toThrow(WawpDecodeError);
  });
});
