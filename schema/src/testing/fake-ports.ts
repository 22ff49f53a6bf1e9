import { EMPTY_BRANDING } from '../branding';
import type { SchemaPorts } from '../context';
import { ErrorCode, gatewayError } from '../errors';
import type {
  ApiKeyRecord,
  InstanceRecord,
  SessionEvent,
  SessionState,
  SessionsPort,
  TenantRecord,
} from '../ports';
import { createDirectory, createEvents } from './fake-directory';
import { createNotifications } from './fake-notifications';

/** In-memory ports with a call log, for executing the real schema in tests. */
export interface Fakes {
  ports: SchemaPorts;
  /** `method:arg` per port call, in order. */
  calls: string[];
  sessions: Map<string, SessionState>;
  instances: Map<string, InstanceRecord>;
  tenants: Map<string, TenantRecord>;
  keys: Map<string, ApiKeyRecord>;
  /** What `events.subscribe` yields (filtered to the instance asked for). */
  events: SessionEvent[];
  /** The AbortSignal each subscribe call received. */
  signals: AbortSignal[];
}

const T0 = new Date('2026-11-24T10:00:00.000Z');
const state = (instanceId: string, status: SessionState['status']): SessionState => ({
  instanceId,
  status,
  me: status === 'WORKING' ? { id: '201145202826@c.us', pushName: 'Acme' } : null,
  observedAt: T0,
  stale: false,
});

/** Tenants `t-acme` and `t-globex`, each owning one instance, one unassigned instance, and an
 *  instance `upstream-only` that Wawp knows but the gateway has not registered. */
export function createFakes(): Fakes {
  const calls: string[] = [];
  const log = (method: string, arg = '') => calls.push(arg ? `${method}:${arg}` : method);
  const sessions = new Map(
    [
      state('inst-acme', 'WORKING'),
      state('inst-globex', 'SCAN_QR_CODE'),
      state('inst-free', 'STOPPED'),
      state('upstream-only', 'STOPPED'),
    ].map((s) => [s.instanceId, s]),
  );
  const instances = new Map<string, InstanceRecord>(
    [
      { instanceId: 'inst-acme', label: 'Acme support', tenantId: 't-acme', createdAt: T0 },
      { instanceId: 'inst-globex', label: null, tenantId: 't-globex', createdAt: T0 },
      { instanceId: 'inst-free', label: null, tenantId: null, createdAt: T0 },
    ].map((i) => [i.instanceId, { externalRef: null, ...i }]),
  );
  const tenants = new Map<string, TenantRecord>([
    ['t-acme', { id: 't-acme', name: 'Acme', createdAt: T0, branding: EMPTY_BRANDING }],
    ['t-globex', { id: 't-globex', name: 'Globex', createdAt: T0, branding: EMPTY_BRANDING }],
  ]);
  const keys = new Map<string, ApiKeyRecord>([
    [
      'k-acme',
      { id: 'k-acme', tenantId: 't-acme', prefix: 'wgk_ac', createdAt: T0, revokedAt: null },
    ],
  ]);
  const fakes: Fakes = {
    ports: null as never,
    calls,
    sessions,
    instances,
    tenants,
    keys,
    events: [],
    signals: [],
  };
  const upstream = (id: string) => {
    const found = sessions.get(id);
    if (!found) {
      throw gatewayError(ErrorCode.NotFound, 'Wawp has no such instance.');
    }
    return found;
  };
  const transition = async (method: string, id: string, status: SessionState['status']) => {
    log(method, id);
    const next = { ...state(id, status), me: status === 'WORKING' ? upstream(id).me : null };
    upstream(id);
    sessions.set(id, next);
    return next;
  };
  const sessionsPort: SessionsPort = {
    getSession: async (id) => {
      log('getSession', id);
      return upstream(id);
    },
    peekSession: async (id) => {
      log('peekSession', id);
      return upstream(id);
    },
    getMe: async (id) => {
      log('getMe', id);
      return upstream(id).me;
    },
    getQrCode: async (id) => {
      log('getQrCode', id);
      return upstream(id).status === 'SCAN_QR_CODE'
        ? { value: `qr-${id}`, imageDataUrl: 'data:image/png;base64,AA==', expiresAt: T0 }
        : null;
    },
    getScreenshot: async (id) => {
      log('getScreenshot', id);
      return { mimeType: 'image/png', dataUrl: 'data:image/png;base64,AA==', takenAt: T0 };
    },
    start: (id) => transition('start', id, 'STARTING'),
    stop: (id) => transition('stop', id, 'STOPPED'),
    restart: (id) => transition('restart', id, 'STARTING'),
    logout: (id) => transition('logout', id, 'STOPPED'),
    requestPairingCode: async (id, phone) => {
      log('requestPairingCode', `${id}:${phone}`);
      upstream(id);
      return { code: 'ABCD-EFGH', expiresAt: null };
    },
    createUpstream: async () => {
      const id = `inst-new-${sessions.size}`;
      log('createUpstream', id);
      sessions.set(id, state(id, 'STOPPED'));
      return id;
    },
    deleteUpstream: async (id) => {
      log('deleteUpstream', id);
      upstream(id);
      sessions.delete(id);
    },
  };
  fakes.ports = {
    sessions: sessionsPort,
    directory: createDirectory(fakes, log),
    events: createEvents(fakes, log),
    notifications: createNotifications(log),
  };
  return fakes;
}
