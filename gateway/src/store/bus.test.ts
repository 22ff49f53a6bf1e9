import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toEventNotice } from '../testing/event-notice';
import { makeStatusChanged } from '../testing/sample-events';
import { storeFixtures, type TestDatabase, waitFor } from '../testing/store-fixtures';
import type { Store } from './store-types';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(storeFixtures)('bus on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open({ applicationName: `${database.schema}_a` });
  });
  afterEach(() => database.dispose());

  it('delivers notifications until the listener stops', async () => {
    const heard: string[] = [];
    const stop = await store.bus.listen((payload) => heard.push(payload));
    const one = await store.events.append(makeStatusChanged('one'));
    await waitFor(() => heard.length === 1);
    await stop();
    await store.events.append(makeStatusChanged('two'));
    await pause(100);
    expect(heard.map((payload) => toEventNotice(payload)?.seq)).toEqual([Number(one.cursor)]);
    expect(store.bus.channel).toBe(`wawp_${database.schema}`);
  });

  it('survives a listener that throws', async () => {
    const heard: string[] = [];
    await store.bus.listen(() => {
      throw new Error('listener bug');
    });
    await store.bus.listen((payload) => heard.push(payload));
    await store.events.append(makeStatusChanged('one'));
    await store.events.append(makeStatusChanged('two'));
    await waitFor(() => heard.length === 2);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('announces each append with its seq and instance', async () => {
    const heard: string[] = [];
    await store.bus.listen((payload) => heard.push(payload));
    const first = await store.events.append(makeStatusChanged('i1'));
    const second = await store.events.append(makeStatusChanged('i2'));
    await waitFor(() => heard.length === 2);
    expect(heard.map(toEventNotice)).toEqual([
      { kind: 'event', seq: Number(first.cursor), instanceId: 'i1' },
      { kind: 'event', seq: Number(second.cursor), instanceId: 'i2' },
    ]);
    expect(toEventNotice('hello')).toBeNull();
    expect(toEventNotice('{"kind":"event","seq":"1","instanceId":"x"}')).toBeNull();
  });

  it.runIf(fixture.shared)(
    'reaches a listener on another replica, not on another schema',
    async () => {
      const replica = await database.open({ applicationName: `${database.schema}_b` });
      const elsewhere = await fixture.createDatabase();
      try {
        const stranger = await elsewhere.open();
        const heardOnReplica: string[] = [];
        const heardElsewhere: string[] = [];
        await replica.bus.listen((payload) => heardOnReplica.push(payload));
        await stranger.bus.listen((payload) => heardElsewhere.push(payload));
        const first = await store.events.append(makeStatusChanged('from-a'));
        const event = await store.events.append(makeStatusChanged('i1'));
        await waitFor(() => heardOnReplica.length === 2);
        expect(toEventNotice(heardOnReplica[0]!)).toMatchObject({ instanceId: 'from-a' });
        expect(toEventNotice(heardOnReplica[0]!)?.seq).toBe(Number(first.cursor));
        expect(toEventNotice(heardOnReplica[1]!)?.seq).toBe(Number(event.cursor));
        await pause(100);
        expect(heardElsewhere).toEqual([]);
      } finally {
        await elsewhere.dispose();
      }
    },
  );

  it.runIf(fixture.shared)('reconnects a dropped LISTEN connection and says so', async () => {
    const replica = await database.open({
      applicationName: `${database.schema}_b`,
      listenRetry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    const heard: string[] = [];
    let reconnects = 0;
    await replica.bus.listen((payload) => heard.push(payload), { onReconnect: () => reconnects++ });
    expect(await database.terminate(`${database.schema}_b:listen`)).toBe(1);
    await waitFor(() => reconnects === 1);
    await store.events.append(makeStatusChanged('after-the-drop'));
    await waitFor(() =>
      heard.some((payload) => toEventNotice(payload)?.instanceId === 'after-the-drop'),
    );
  });
});
