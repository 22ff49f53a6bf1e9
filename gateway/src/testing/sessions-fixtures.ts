import { vi } from 'vitest';
import {
  createSessionsService,
  createUpstreamHealth,
  type SessionsServiceOptions,
} from '../sessions';
import type { WawpClient, WawpSession } from '../wawp';

/** @private A decoded `session/info` answer of instance `AAAABBBBCCCC`. */
export const session = (
  status: WawpSession['status'],
  me: WawpSession['me'] = null,
): WawpSession => ({
  instanceId: 'AAAABBBBCCCC',
  name: 'wawp-1',
  status,
  rawStatus: status,
  me,
  qr: null,
  webhooks: [],
});

/** @private A Wawp client whose `session/info` says STOPPED unless `overrides` say otherwise. */
export const fakeWawp = (overrides: Partial<WawpClient>) =>
  ({
    getSessionInfo: vi.fn(async () => session('STOPPED')),
    ...overrides,
  }) as unknown as WawpClient;

/** @private The `extensions.code` of a gateway error. */
export const codeOf = (error: unknown) =>
  (error as { extensions?: { code?: string } }).extensions?.code;

/** @private The sessions service over a fake client, with its own health record. */
export const makeService = (options: Omit<SessionsServiceOptions, 'health'>) =>
  createSessionsService({ health: createUpstreamHealth(), ...options });
