import { describe, expect, it, vi } from 'vitest';
import { makeLogger } from '../../testing/hub-fixtures';
import { WawpError, type WawpWebhook } from '../../wawp';
import { registerWebhooks } from './register-webhooks';

const url = 'https://gw.example/webhooks/wawp?token=t0k';
const owner: WawpWebhook = { url: 'https://crm.example/hook', events: ['message'], isActive: true };

function fakeWawp(initial: Record<string, WawpWebhook[]>) {
  const lists = new Map(Object.entries(initial));
  return {
    lists,
    getWebhooks: vi.fn(async (id: string) => {
      if (id === 'FREE') {
        throw new WawpError({
          kind: 'forbidden',
          code: 'subscription_required',
          route: 'session/webhook',
          message: 'plan',
        });
      }
      if (id === 'DOWN') {
        throw new WawpError({ kind: 'upstream', route: 'session/webhook', message: '502' });
      }
      return { webhooks: lists.get(id) ?? [], systemConfig: null };
    }),
    setWebhooks: vi.fn(async (id: string, webhooks: WawpWebhook[]) => {
      lists.set(id, webhooks);
      return { webhooks };
    }),
  };
}

describe('registerWebhooks', () => {
  it('keeps the owner’s webhooks and replaces only the gateway’s own', async () => {
    const stale = {
      url: 'https://gw.example/webhooks/wawp?token=old',
      events: ['*'],
      isActive: false,
    };
    const wawp = fakeWawp({ A: [owner, stale], B: [] });
    const { logger } = makeLogger();
    const result = await registerWebhooks({ wawp, instanceIds: ['A', 'B'], url, logger });
    expect(result).toEqual({ registered: ['A', 'B'], pollingOnly: [], failed: [] });
    expect(wawp.lists.get('A')).toEqual([
      owner,
      {
        url: 'https://gw.example/webhooks/wawp?token=t0k&instance=A',
        events: ['session.status'],
        isActive: true,
      },
    ]);
    expect(wawp.lists.get('B')).toHaveLength(1);
  });

  it('does not write when the webhook is already in place', async () => {
    const wawp = fakeWawp({ A: [owner] });
    const { logger } = makeLogger();
    await registerWebhooks({ wawp, instanceIds: ['A'], url, logger });
    await registerWebhooks({ wawp, instanceIds: ['A'], url, logger });
    expect(wawp.setWebhooks).toHaveBeenCalledTimes(1);
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
      logger,
    });
    expect(result).toEqual({ registered: ['A'], pollingOnly: ['FREE', 'FREE'], failed: ['DOWN'] });
    expect(logs.filter((msg) => msg.includes('subscription_required'))).toHaveLength(1);
  });
});
