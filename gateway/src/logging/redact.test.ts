import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { createRedactor, REDACTED } from './redact';

const CANARY = 'CANARY-token-7f3a9c';

describe('createRedactor', () => {
  const scrub = createRedactor(() => [CANARY]);

  it('removes known secret values wherever they appear', () => {
    expect(scrub(`failed: ${CANARY} and again ${CANARY}`)).toBe(
      `failed: ${REDACTED} and again ${REDACTED}`,
    );
  });

  it('removes secret-shaped substrings it was not told about', () => {
    const out = scrub(
      'GET /v2/session/info?instance_id=ABC&access_token=xyz123 Bearer abc.def wgk_abcdefghijkl {"token":"t0p"}',
    );
    expect(out).not.toContain('xyz123');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain('wgk_abcdefghijkl');
    expect(out).not.toContain('t0p');
    expect(out).toContain('instance_id=ABC');
  });
});

describe('createLogger', () => {
  it('never writes the canary, in fields, messages, URLs or errors', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'debug', secrets: () => [CANARY], destination });
    logger.info({ accessToken: CANARY, url: `http://x/?access_token=${CANARY}` }, `msg ${CANARY}`);
    logger.error({ err: new Error(`upstream said ${CANARY}`) }, 'boom');
    logger.info({ nested: { deeper: { value: CANARY } } }, 'nested');
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(CANARY);
    expect(text).toContain(REDACTED);
  });
});
