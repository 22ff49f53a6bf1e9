/**
 * The fan-out benchmark's clients, run in a worker thread so that parsing 10,000 frames per
 * event does not queue behind the gateway on its event loop (the machine has 2 cores: the
 * gateway gets one, the clients the other). Speaks graphql-transport-ws over `ws` directly and
 * timestamps each frame on arrival, before parsing it.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { SESSION_EVENTS } from '../utils/event-stream';
import { toWsUrl } from '../utils/graphql-ws-client';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import type { ClientPlan, DoneMessage, WorkerMessage } from './fanout-protocol';
import { startProfile } from './profile';

const plan = workerData as ClientPlan;
const port = parentPort;
if (!port) {
  throw new Error('fanout-clients runs as a worker thread');
}
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

interface WireEvent {
  __typename: string;
  cursor: string;
  source: string;
  status?: string;
}

/** The event being fanned out: what its frames look like and when it was posted. */
interface Pending {
  index: number;
  status: string;
  measured: boolean;
  t0: number;
  cursor: string | null;
  received: number;
  lastAt: number;
  done: () => void;
}

const n = plan.subscribers;
const sockets: WebSocket[] = [];
const snapshotSeen = new Uint8Array(n);
/** 1 + the index of the last event each subscriber received (0 = none yet). */
const lastEventOf = new Int32Array(n);
const latencies = new Float64Array(n * plan.events);
let latencyCount = 0;
let snapshots = 0;
let stray = 0;
const failures: string[] = [];
let onAllSnapshots = () => {};
let pending: Pending | null = null;
let finished = false;

const fail = (what: string) => {
  if (failures.length < 20) {
    failures.push(what);
  }
};

function onNext(subscriber: number, payload: { data?: { sessionEvents?: WireEvent } }, at: number) {
  const event = payload.data?.sessionEvents;
  if (!event) {
    fail(`subscription ${subscriber}: ${JSON.stringify(payload).slice(0, 200)}`);
    return;
  }
  if (event.__typename === 'SessionSnapshot') {
    if (!snapshotSeen[subscriber]) {
      snapshotSeen[subscriber] = 1;
      snapshots += 1;
      if (snapshots === n) {
        onAllSnapshots();
      }
    }
    return;
  }
  const current = pending;
  if (
    !current ||
    event.__typename !== 'SessionStatusChanged' ||
    event.source !== 'WEBHOOK' ||
    event.status !== current.status ||
    (current.cursor !== null && event.cursor !== current.cursor) ||
    lastEventOf[subscriber] === current.index + 1
  ) {
    stray += 1;
    return;
  }
  current.cursor = event.cursor;
  lastEventOf[subscriber] = current.index + 1;
  current.received += 1;
  current.lastAt = at;
  if (current.measured) {
    latencies[latencyCount++] = at - current.t0;
  }
  if (current.received === n) {
    current.done();
  }
}

/** Opens one socket, acknowledges, and subscribes `first`…`first + count - 1` on it. */
function openSocket(first: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(toWsUrl(plan.url), 'graphql-transport-ws', {
      perMessageDeflate: false,
    });
    sockets.push(ws);
    ws.on('open', () => {
      ws.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: plan.authorization } }),
      );
    });
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      const message = JSON.parse(data.toString()) as {
        type: string;
        id?: string;
        payload?: unknown;
      };
      switch (message.type) {
        case 'next':
          onNext(
            Number(message.id),
            message.payload as { data?: { sessionEvents?: WireEvent } },
            at,
          );
          break;
        case 'connection_ack':
          for (let id = first; id < first + count; id++) {
            ws.send(
              JSON.stringify({
                id: String(id),
                type: 'subscribe',
                payload: { query: SESSION_EVENTS, variables: { id: plan.instanceId } },
              }),
            );
          }
          resolve();
          break;
        case 'ping':
          ws.send('{"type":"pong"}');
          break;
        case 'error':
          fail(`subscription ${message.id}: ${JSON.stringify(message.payload).slice(0, 200)}`);
          break;
        case 'complete':
          fail(`subscription ${message.id} completed by the server`);
          break;
      }
    });
    ws.on('close', (code, reason) => {
      if (!finished) {
        fail(`socket of ${first}… closed ${code} ${reason.toString()}`);
      }
      reject(new Error(`socket closed ${code}`));
    });
    ws.on('error', (error) => reject(error));
  });
}

/** Resolves `promise`, or rejects after `ms` saying what timed out. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function subscribeAll(): Promise<number> {
  const started = performance.now();
  const allSnapshots = new Promise<void>((resolve) => {
    onAllSnapshots = resolve;
  });
  const socketCount = Math.ceil(n / plan.perSocket);
  // A few sockets at a time: the gateway authorizes and opens each subscription in turn.
  const concurrency = 8;
  let next = 0;
  const opener = async () => {
    while (next < socketCount) {
      const socket = next++;
      const first = socket * plan.perSocket;
      await openSocket(first, Math.min(plan.perSocket, n - first));
    }
  };
  await within(
    Promise.all([
      ...Array.from({ length: concurrency }, opener),
      allSnapshots.then(() => undefined),
    ]),
    plan.subscribeTimeoutMs,
    `opening ${n} subscriptions (${snapshots} snapshots)`,
  );
  return performance.now() - started;
}

async function postEvents(): Promise<DoneMessage> {
  const windowsMs: number[] = [];
  let missing = 0;
  const total = plan.warmupEvents + plan.events;
  let nextPostAt = performance.now();
  for (let index = 0; index < total; index++) {
    const wait = nextPostAt - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    // STARTING <-> STOPPED: each delivery is one `SessionStatusChanged`, published without a
    // `session/info` confirmation or a QR fetch, so the figures are the fan-out alone.
    const status = index % 2 === 0 ? 'STARTING' : 'STOPPED';
    const raw = JSON.stringify(sessionStatusEnvelope({ instanceId: plan.instanceId, status }));
    let done = () => {};
    const completed = new Promise<void>((resolve) => {
      done = resolve;
    });
    const measured = index >= plan.warmupEvents;
    const current: Pending = {
      index,
      status,
      measured,
      t0: performance.now(),
      cursor: null,
      received: 0,
      lastAt: 0,
      done,
    };
    pending = current;
    const answer = await postWebhook(plan.url, raw, { token: plan.webhookToken });
    if (answer.status !== 202) {
      throw new Error(`webhook answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    try {
      await within(completed, plan.eventTimeoutMs, `event ${index}`);
    } catch {
      fail(`event ${index}: ${current.received}/${n} frames within ${plan.eventTimeoutMs} ms`);
    }
    if (measured) {
      missing += n - current.received;
      windowsMs.push((current.received > 0 ? current.lastAt : performance.now()) - current.t0);
    }
    nextPostAt = Math.max(current.t0 + plan.spacingMs, performance.now() + 50);
  }
  pending = null;
  return {
    type: 'done',
    latencies: latencies.slice(0, latencyCount),
    windowsMs,
    posted: total,
    missing,
    stray,
    failures,
  };
}

try {
  const subscribeMs = await subscribeAll();
  const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
  send({ type: 'ready', subscribeMs });
  await go;
  const profiler = plan.profile ? await startProfile() : null;
  const result = await postEvents();
  if (profiler && plan.profile) {
    await profiler.stopTo(plan.profile);
  }
  finished = true;
  send(result, [result.latencies.buffer as ArrayBuffer]);
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
} finally {
  finished = true;
  for (const ws of sockets) {
    ws.terminate();
  }
}
