import { describe, expect, it, vi } from 'vitest';
import { makeLogger } from '../../testing/hub-fixtures';
import { WawpError, type WawpWebhook } from '../../wawp';
import { registerWebhooks, unregisterWebhooks } from './register-webhooks';

const url = 'https://gw.example/webhooks/wawp';
const owner: WawpWebhook = { url: 'https://crm.example/hook', events: ['message'], isActive: true };
const secretFor = (id: string) => `secret-of-${id}`;

const refused = (id: string, route: string) => {
  if (id === 'FREE') {
    throw new WawpError({
      kind: 'forbidden',
      code: 'subscription_required',
      route,
      message: 'plan',
    });
  }
  if (id === 'DOWN') {
    throw new WawpError({ kind: 'upstream', route, message: '502' });
  }
};

/** Wawp with its webhook lists; `perUrl: false` = `webhook/set` and `delete` answer 404. */
function fakeWawp(initial: Record<string, WawpWebhook[]>, perUrl = true) {
  const lists = new Map(Object.entries(initial));
  const hmacs = new Map<string, string | undefined>();
  const missing = (route: string) =>
    new WawpError({ kind: 'not_found', route, httpStatus: 404, message: 'no such route' });
  return {
    lists,
    hmacs,
    getWebhooks: vi.fn(async (id: string) => {
      refused(id, 'session/webhook');
      return { webhooks: lists.get(id) ?? [], systemConfig: null };
    }),
    setWebhooks: vi.fn(async (id: string, webhooks: WawpWebhook[]) => {
      lists.set(id, webhooks);
      return { webhooks };
    }),
    setWebhook: vi.fn(
      async (
        id: string,
        hook: { url: string; events: string[]; isActive?: boolean; hmac?: string },
      ) => {
        if (!perUrl) {
          throw missing('webhook/set');
        }
        refused(id, 'webhook/set');
        const stored = { url: hook.url, events: hook.events, isActive: hook.isActive ?? true };
        const others = (lists.get(id) ?? []).filter((h) => h.url !== hook.url);
        lists.set(id, [...others, stored]);
        hmacs.set(`${id} ${hook.url}`, hook.hmac);
        return stored;
      },
    ),
    deleteWebhook: vi.fn(async (id: string, hookUrl: string) => {
      if (!perUrl) {
        throw missing('webhook/delete');
      }
      lists.set(
        id,
        (lists.get(id) ?? []).filter((h) => h.url !== hookUrl),
      );
    }),
  };
}

describe('registerWebhooks', () => {
  it('sets one URL per instance with its own secret, keeps the owner’s hooks, drops older ones of the gateway', async () => {
    const older = { url: `${url}?token=old&instance=A`, events: ['*'], isActive: false };
    const wawp = fakeWawp({ A: [owner, older], B: [] });
    const { logger } = makeLogger();
    const result = await registerWebhooks({
      wawp,
      instanceIds: ['A', 'B'],
      url,
      secretFor,
      logger,
    });
    expect(result).toEqual({ registered: ['A', 'B'], pollingOnly: [], failed: [] });
    const hookA = `${url}?instance=A`;
    expect(wawp.lists.get('A')).toEqual([
      owner,
      { url: hookA, events: ['session.status'], isActive: true },
    ]);
    expect(wawp.hmacs.get(`A ${hookA}`)).toBe('secret-of-A');
    expect(wawp.setWebhooks).not.toHaveBeenCalled();
  });

  it('falls back to read-merge-write of session/webhook where webhook/set answers 404', async () => {
    const stale = { url: `${url}?token=old`, events: ['*'], isActive: false };
    const wawp = fakeWawp({ A: [owner, stale], B: [] }, false);
    const { logger } = makeLogger();
    const result = await registerWebhooks({
      wawp,
      instanceIds: ['A', 'B'],
      url,
      secretFor,
      logger,
    });
    expect(result).toEqual({ registered: ['A', 'B'], pollingOnly: [], failed: [] });
    expect(wawp.lists.get('A')).toEqual([
      owner,
      {
        url: `${url}?instance=A&token=secret-of-A`,
        events: ['session.status'],
        isActive: true,
      },
    ]);
    // in place already: no second write
    await registerWebhooks({ wawp, instanceIds: ['A'], url, secretFor, logger });
    expect(wawp.setWebhooks).toHaveBeenCalledTimes(2);
  });

  it('falls back to polling on plans without webhooks (logged once) and reports failures', async () => {
    const wawp = fakeWawp({ A: [] });
    const logs: string[] = [];
    const { logger } = makeLogger();
    logger.info = (_obj, msg) => {
      logs.push(msg ?? '');
    };
    const result = await registerWebhooks({
      wawp,
      instanceIds: ['FREE', 'FREE', 'DOWN', 'A'],
      url,
      secretFor,
      logger,
    });
    expect(result).toEqual({ registered: ['A'], pollingOnly: ['FREE', 'FREE'], failed: ['DOWN'] });
    expect(logs.filter((msg) => msg.includes('subscription_required'))).toHaveLength(1);
  });
});

describe('unregisterWebhooks', () => {
  it.each([
    ['webhook/delete', true],
    ['session/webhook', false],
  ])('removes only the gateway’s hooks through %s', async (_label, perUrl) => {
    const wawp = fakeWawp(
      { A: [owner, { url: `${url}?instance=A`, events: [], isActive: true }] },
      perUrl,
    );
    const { logger } = makeLogger();
    await unregisterWebhooks({ wawp, instanceId: 'A', url, logger });
    expect(wawp.lists.get('A')).toEqual([owner]);
  });
});
