import { describe, expect, it } from 'vitest';
import { createFakes } from './testing/fake-ports';
import { run, VIEWERS } from './testing/run';

const reads = (calls: string[], method: string) => calls.filter((c) => c.startsWith(`${method}:`));

describe('per-request loaders', () => {
  it('five aliases of sessionInfo on one instance cost one getSession call', async () => {
    const fakes = createFakes();
    const aliases = [1, 2, 3, 4, 5].map(
      (n) => `s${n}: sessionInfo(instanceId: "inst-acme") { status }`,
    );
    const result = await run(fakes, VIEWERS.owner, `{ ${aliases.join(' ')} }`);
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(5);
    expect(reads(fakes.calls, 'getSession')).toEqual(['getSession:inst-acme']);
    expect(reads(fakes.calls, 'getInstances')).toEqual(['getInstances:inst-acme']);
  });

  it('answers instances { session } from held state, apart from sessionInfo', async () => {
    const fakes = createFakes();
    await run(
      fakes,
      VIEWERS.admin,
      `{ sessionInfo(instanceId: "inst-acme") { status }
         instance(instanceId: "inst-free") { session { status } }
         instances { session { status } } }`,
    );
    expect(reads(fakes.calls, 'getSession').sort()).toEqual([
      'getSession:inst-acme',
      'getSession:inst-free',
    ]);
    expect(reads(fakes.calls, 'peekSession').sort()).toEqual([
      'peekSession:inst-acme',
      'peekSession:inst-free',
      'peekSession:inst-globex',
    ]);
  });

  it('does not share reads between requests (a fresh context each)', async () => {
    const fakes = createFakes();
    const query = '{ sessionInfo(instanceId: "inst-acme") { status } }';
    await run(fakes, VIEWERS.owner, query);
    await run(fakes, VIEWERS.owner, query);
    expect(reads(fakes.calls, 'getSession')).toHaveLength(2);
  });

  it('a mutation replaces the cached session, so later fields in the request see it', async () => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.owner,
      `mutation {
        before: startSession(instanceId: "inst-acme") { status }
        after: stopSession(instanceId: "inst-acme") { status }
      }`,
    );
    expect(result.data).toEqual({ before: { status: 'STARTING' }, after: { status: 'STOPPED' } });
    expect(reads(fakes.calls, 'getSession')).toEqual([]);
  });

  it('one failing session read fails only its own field', async () => {
    const fakes = createFakes();
    fakes.sessions.delete('inst-globex');
    const result = await run(
      fakes,
      VIEWERS.admin,
      `{ a: sessionInfo(instanceId: "inst-acme") { status }
         b: sessionInfo(instanceId: "inst-globex") { status } }`,
    );
    expect(result.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([
      ['b', 'NOT_FOUND'],
    ]);
  });
});
