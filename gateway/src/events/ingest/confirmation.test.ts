import type { SessionStatus } from '@wawp-gateway/schema';
import { describe, expect, it } from 'vitest';
import type { KnownState } from '../types';
import { confirms, needsConfirmation } from './confirmation';

const me = { id: '201012345678@c.us', pushName: 'Shop' };
const known = (status: SessionStatus): KnownState => ({
  status,
  me: status === 'WORKING' ? me : null,
  qrCode: null,
});

describe('needsConfirmation / confirms', () => {
  it('asks to confirm failures and anything leaving WORKING', () => {
    expect(needsConfirmation(known('WORKING'), 'STOPPED')).toBe(true);
    expect(needsConfirmation(known('STARTING'), 'FAILED')).toBe(true);
    expect(needsConfirmation(null, 'FAILED')).toBe(true);
    expect(needsConfirmation(known('STARTING'), 'SCAN_QR_CODE')).toBe(false);
    expect(needsConfirmation(known('WORKING'), 'WORKING')).toBe(false);
  });

  it('accepts a read showing the claim or a later step, rejects one showing nothing changed', () => {
    expect(confirms(known('WORKING'), 'FAILED', 'FAILED')).toBe(true);
    expect(confirms(known('WORKING'), 'STOPPED', 'SCAN_QR_CODE')).toBe(true);
    expect(confirms(known('WORKING'), 'FAILED', 'WORKING')).toBe(false);
    expect(confirms(null, 'FAILED', 'WORKING')).toBe(false);
  });
});
