/**
 * The `scale` scenario's clients, in a worker thread: holds `sessionEvents` subscriptions on every
 * replica (graphql-transport-ws over `ws`), then posts `STARTING` claims at a fixed pace, each to
 * one replica in turn, and times each claim's frame at every subscriber of its instance, from
 * just before the POST (one clock: the POSTs and the frames are both timed here). After `done`
 * it keeps every subscription open until it is terminated, so the leases can still be read.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { SESSION_EVENTS } from '../utils/event-stream';
import { toWsUrl } from '../utils/graphql-ws-client';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import type { ScaleDoneMessage, ScalePlan, ScaleReadyMessage } from './scale-protocol';

const plan = workerData as ScalePlan;
const port = parentPort;
if (!port) {
  throw new Error('scale-clients runs as a worker thread');
}

interface Frame {
  __typename: string;
  instanceId: string;
  source: string;
  status?: string;
}

/** A claim whose frames are awaited. */
interface Claim {
  index: number;
  origin: number;
  t0: number;
  received: number;
}

/** Subscription id → its replica and instance. */
const replicaOf: number[] = [];
const instanceOf: string[] = [];
for (const [replica, list] of plan.subscriptions.entries()) {
  for (const instanceId of list) {
    replicaOf.push(replica);
    instanceOf.push(instanceId);
  }
}
const total = replicaOf.length;
/** Subscriptions per instance, all replicas together: the frames one claim should make. */
const expectedOf = new Map<string, number>();
for (const id of instanceOf) {
  expectedOf.set(id, (expectedOf.get(id) ?? 0) + 1);
}
const snapshotSeen = new Uint8Array(total);
/** 1 + the index of the last claim each subscription counted (0 = none). */
const lastClaimOf = new Int32Array(total);
const pending = new Map<string, Claim>();
const sockets: WebSocket[] = [];
const failures: string[] = [];
const crossMs: number[] = [];
const localMs: number[] = [];
let snapshots = 0;
let frames = 0;
let claimsUnseen = 0;
let missingFrames = 0;
let finished = false;
let onAllSnapshots = () => {};

const fail = (what: string) => {
  if (failures.length < 20) {
    failures.push(what);
  }
};

function onNext(sub: number, frame: Frame | undefined, at: number) {
  if (!frame) {
    fail(`subscription ${sub}: a frame without sessionEvents`);
    return;
  }
  if (frame.__typename === 'SessionSnapshot') {
    if (!snapshotSeen[sub]) {
      snapshotSeen[sub] = 1;
      snapshots += 1;
      if (snapshots === total) {
        onAllSnapshots();
      }
    }
    return;
  }
  frames += 1;
  const claim = pending.get(frame.instanceId);
  if (
    !claim ||
    frame.__typename !== 'SessionStatusChanged' ||
    frame.source !== 'WEBHOOK' ||
    frame.status !== 'STARTING' ||
    lastClaimOf[sub] === claim.index + 1
  ) {
    return;
  }
  lastClaimOf[sub] = claim.index + 1;
  claim.received += 1;
  (replicaOf[sub] === claim.origin ? localMs : crossMs).push(at - claim.t0);
}

/** Counts what a claim's frames missed; called when the next claim of its instance is posted. */
function settle(instanceId: string) {
  const claim = pending.get(instanceId);
  if (!claim) {
    return;
  }
  pending.delete(instanceId);
  if (claim.received === 0) {
    claimsUnseen += 1;
  } else {
    missingFrames += (expectedOf.get(instanceId) ?? 0) - claim.received;
  }
}

/** Opens one socket to `replica` and subscribes the subscriptions `first`…`first + count - 1`. */
function openSocket(replica: number, first: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(toWsUrl(plan.replicaUrls[replica] as string), 'graphql-transport-ws', {
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
        payload?: { data?: { sessionEvents?: Frame }; errors?: { message: string }[] };
      };
      switch (message.type) {
        case 'next':
          if (message.payload?.errors?.length) {
            fail(
              `subscription ${message.id}: ${message.payload.errors.map((e) => e.message).join('; ')}`,
            );
            break;
          }
          onNext(Number(message.id), message.payload?.data?.sessionEvents, at);
          break;
        case 'connection_ack':
          for (let id = first; id < first + count; id += 1) {
            ws.send(
              JSON.stringify({
                id: String(id),
                type: 'subscribe',
                payload: { query: SESSION_EVENTS, variables: { id: instanceOf[id] } },
              }),
            );
          }
          resolve();
          break;
        case 'ping':
          ws.send('{"type":"pong"}');
          break;
        case 'error':
        case 'complete':
          fail(`subscription ${message.id}: ${message.type} ${JSON.stringify(message.payload)}`);
          break;
      }
    });
    ws.on('close', (code, reason) => {
      if (!finished) {
        fail(`a socket to replica ${replica} closed ${code} ${reason.toString()}`);
      }
      reject(new Error(`socket closed ${code}`));
    });
    ws.on('error', (error) => reject(error));
  });
}

/** Resolves `promise`, or rejects after `ms` saying what timed out (`what` is asked then). */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what()}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens every socket, a few at a time, taking them from the replicas in turn. */
async function subscribeAll(): Promise<number> {
  const started = performance.now();
  const all = new Promise<void>((resolve) => {
    onAllSnapshots = resolve;
  });
  const queues = plan.subscriptions.map(() => [] as { first: number; count: number }[]);
  let offset = 0;
  for (const [replica, list] of plan.subscriptions.entries()) {
    for (let i = 0; i < list.length; i += plan.perSocket) {
      queues[replica]?.push({
        first: offset + i,
        count: Math.min(plan.perSocket, list.length - i),
      });
    }
    offset += list.length;
  }
  const order: { replica: number; first: number; count: number }[] = [];
  for (let round = 0; order.length < queues.flat().length; round += 1) {
    for (const [replica, queue] of queues.entries()) {
      const socket = queue[round];
      if (socket) {
        order.push({ replica, ...socket });
      }
    }
  }
  let next = 0;
  const opener = async () => {
    while (next < order.length) {
      const socket = order[next++] as (typeof order)[number];
      await openSocket(socket.replica, socket.first, socket.count);
    }
  };
  await within(
    Promise.all([...Array.from({ length: plan.socketConcurrency }, opener), all]),
    plan.subscribeTimeoutMs,
    () =>
      `opening ${total} subscriptions (${snapshots} snapshots, ${failures.length} failures` +
      `${failures.length > 0 ? `, first: ${failures.slice(0, 3).join('; ')}` : ''})`,
  );
  return performance.now() - started;
}

/** Posts the claims at the planned pace, without waiting for one to answer before the next. */
async function postClaims(): Promise<Omit<ScaleDoneMessage, 'type' | 'crossMs' | 'localMs'>> {
  const from = Date.now();
  const start = performance.now();
  const spacingMs = 1_000 / plan.claimsPerSecond;
  const count = Math.max(1, Math.floor((plan.durationMs / 1_000) * plan.claimsPerSecond));
  const replicas = plan.replicaUrls.length;
  const inFlight = new Set<Promise<void>>();
  let claims = 0;
  let postErrors = 0;
  for (let index = 0; index < count; index += 1) {
    const wait = start + index * spacingMs - performance.now();
    if (wait > 0) {
      await sleep(wait);
    }
    const instanceId = plan.instanceIds[index % plan.instanceIds.length] as string;
    const origin = index % replicas;
    settle(instanceId);
    const raw = JSON.stringify(sessionStatusEnvelope({ instanceId, status: 'STARTING' }));
    pending.set(instanceId, { index, origin, t0: performance.now(), received: 0 });
    const post = postWebhook(plan.replicaUrls[origin] as string, raw, { token: plan.webhookToken })
      .then((answer) => {
        if (answer.status === 202) {
          claims += 1;
        } else {
          postErrors += 1;
          fail(`claim ${index} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
        }
      })
      .catch((error: unknown) => {
        postErrors += 1;
        fail(`claim ${index}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => inFlight.delete(post));
    inFlight.add(post);
  }
  await Promise.all(inFlight);
  await sleep(plan.graceMs);
  for (const instanceId of [...pending.keys()]) {
    settle(instanceId);
  }
  return {
    claims,
    postErrors,
    claimsUnseen,
    missingFrames,
    frames,
    failures,
    from,
    to: Date.now(),
  };
}

try {
  const subscribeMs = await subscribeAll();
  const go = new Promise<void>((resolve) => port.once('message', () => resolve()));
  port.postMessage({ type: 'ready', subscribeMs } satisfies ScaleReadyMessage);
  await go;
  const result = await postClaims();
  finished = true;
  const done: ScaleDoneMessage = {
    type: 'done',
    ...result,
    crossMs: Float64Array.from(crossMs),
    localMs: Float64Array.from(localMs),
  };
  // the subscriptions stay open (and the leases held) until the main thread terminates the worker
  port.postMessage(done, [done.crossMs.buffer as ArrayBuffer, done.localMs.buffer as ArrayBuffer]);
} catch (error) {
  finished = true;
  for (const ws of sockets) {
    ws.terminate();
  }
  port.postMessage({
    type: 'failed',
    error: error instanceof Error ? error.message : String(error),
  });
}
