import type { WawpRoute as WawpRouteName } from '../wawp';
import type { SimDeps } from './deps';
import type { Instance } from './types';
import type { WawpRequest } from './wawp-request';

/** What a handler answers with; `status` defaults to 200. */
export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type AccountHandler = (ctx: { req: WawpRequest; deps: SimDeps }) => Reply | Promise<Reply>;
export type InstanceHandler = (ctx: {
  req: WawpRequest;
  deps: SimDeps;
  instance: Instance;
}) => Reply | Promise<Reply>;

/** One Wawp v2 route: its methods and whether it needs `instance_id` (all but create do). */
export type WawpRoute = {
  name: WawpRouteName;
  methods: readonly string[];
  /** Counts against the poll floor (status and QR reads). */
  pollRead?: boolean;
  /** Paid plans only: 403 `subscription_required` on a free plan (webhook configuration). */
  paidOnly?: boolean;
} & ({ scope: 'account'; handle: AccountHandler } | { scope: 'instance'; handle: InstanceHandler });

/** Reads must not be cached: QRs rotate. */
export const NO_STORE = { 'Cache-Control': 'no-store' } as const;
