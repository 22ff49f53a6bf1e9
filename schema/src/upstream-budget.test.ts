import { describe, expect, it } from 'vitest';
import { errorCodeOf } from './errors';
import { createFakes } from './testing/fake-ports';
import { codes, run, VIEWERS } from './testing/run';
import { UPSTREAM_BUDGET, withUpstreamBudget } from './upstream-budget';

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => errorCodeOf(error),
  );

describe('withUpstreamBudget', () => {
  it('lets 3 distinct calls through and refuses the 4th before it reaches the port', async () => {
    expect(UPSTREAM_BUDGET).toBe(3);
    const fakes = createFakes();
    const port = withUpstreamBudget(fakes.ports.sessions);
    await port.getSession('inst-acme');
    await port.getMe('inst-acme');
    await port.getScreenshot('inst-globex');
    expect(await refused(port.getQrCode('inst-globex'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(await refused(port.getSession('inst-free'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(await refused(port.start('inst-free'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(fakes.calls).toEqual([
      'getSession:inst-acme',
      'getMe:inst-acme',
      'getScreenshot:inst-globex',
    ]);
  });

  it('counts repeats of one read once, also after the budget is spent', async () => {
    const fakes = createFakes();
    const port = withUpstreamBudget(fakes.ports.sessions);
    for (let i = 0; i < 10; i++) {
      await port.getScreenshot('inst-acme');
    }
    await port.getSession('inst-acme');
    await port.getSession('inst-globex');
    expect(await refused(port.getSession('inst-free'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
    // the counted ones still pass
    expect(await refused(port.getScreenshot('inst-acme'))).toBeNull();
    expect(await refused(port.getSession('inst-globex'))).toBeNull();
  });

  it('counts each action, and not peekSession', async () => {
    const fakes = createFakes();
    const port = withUpstreamBudget(fakes.ports.sessions);
    for (const id of ['inst-acme', 'inst-globex', 'inst-free', 'upstream-only']) {
      await port.peekSession(id);
    }
    await port.start('inst-acme');
    await port.stop('inst-acme');
    expect(await refused(port.start('inst-acme'))).toBeNull();
    expect(await refused(port.start('inst-acme'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
    expect(await refused(port.peekSession('inst-free'))).toBeNull();
  });

  it('gives every budget its own count', async () => {
    const fakes = createFakes();
    const a = withUpstreamBudget(fakes.ports.sessions, 1);
    const b = withUpstreamBudget(fakes.ports.sessions, 1);
    await a.getSession('inst-acme');
    await b.getSession('inst-globex');
    expect(await refused(a.getSession('inst-globex'))).toBe('UPSTREAM_BUDGET_EXCEEDED');
  });
});

describe('the upstream budget of one operation', () => {
  it('ten aliases of one screenshot are one call', async () => {
    const fakes = createFakes();
    const aliases = Array.from(
      { length: 10 },
      (_, n) => `s${n}: screenshot(instanceId: "inst-acme") { mimeType }`,
    );
    const result = await run(fakes, VIEWERS.admin, `{ ${aliases.join(' ')} }`);
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(10);
  });

  it('refuses the fourth distinct read only, in field order, with UPSTREAM_BUDGET_EXCEEDED and 422', async () => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.admin,
      `{ a: sessionInfo(instanceId: "inst-acme") { status }
         b: sessionInfo(instanceId: "inst-globex") { status }
         c: sessionInfo(instanceId: "inst-free") { status }
         a2: sessionInfo(instanceId: "inst-acme") { status }
         d: screenshot(instanceId: "inst-acme") { mimeType } }`,
    );
    expect(result.data).toEqual({
      a: { status: 'WORKING' },
      b: { status: 'SCAN_QR_CODE' },
      c: { status: 'STOPPED' },
      a2: { status: 'WORKING' },
      d: null,
    });
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([
      ['d', 'UPSTREAM_BUDGET_EXCEEDED'],
    ]);
    expect(result.errors?.[0]?.extensions.http).toEqual({ status: 422 });
    expect(fakes.calls.filter((c) => c.startsWith('getScreenshot'))).toEqual([]);
  });

  it('counts mutations: the fourth action of one operation is refused', async () => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.admin,
      `mutation {
        a: startSession(instanceId: "inst-free") { status }
        b: stopSession(instanceId: "inst-free") { status }
        c: startSession(instanceId: "inst-free") { status }
        d: stopSession(instanceId: "inst-free") { status }
      }`,
    );
    expect(codes(result)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    expect(fakes.calls.filter((c) => /^(start|stop):/.test(c))).toHaveLength(3);
  });

  it('list fields answer held state and never spend the budget', async () => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.admin,
      `{ a: sessionInfo(instanceId: "inst-acme") { status }
         b: me(instanceId: "inst-acme") { id }
         c: qrCode(instanceId: "inst-globex") { value }
         instances { instanceId session { status } }
         tenants { instances { session { status } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(fakes.calls.filter((c) => c.startsWith('getSession'))).toEqual(['getSession:inst-acme']);
    expect(fakes.calls.filter((c) => c.startsWith('peekSession')).sort()).toEqual([
      'peekSession:inst-acme',
      'peekSession:inst-acme',
      'peekSession:inst-free',
      'peekSession:inst-globex',
      'peekSession:inst-globex',
    ]);
  });

  it('a new operation has a new budget', async () => {
    const fakes = createFakes();
    const query = `{ a: sessionInfo(instanceId: "inst-acme") { status }
       b: sessionInfo(instanceId: "inst-globex") { status }
       c: sessionInfo(instanceId: "inst-free") { status } }`;
    expect((await run(fakes, VIEWERS.admin, query)).errors).toBeUndefined();
    expect((await run(fakes, VIEWERS.admin, query)).errors).toBeUndefined();
  });
});
