/**
 * Opens and holds many `sessionEvents` subscriptions over graphql-transport-ws (in a worker
 * thread, so the gateway keeps its core). Posts `subscribed` once every snapshot is in, then
 * waits for `stop`, closes every socket and posts `held`.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { SESSION_EVENTS } from '../utils/event-stream';
import { toWsUrl } from '../utils/graphql-ws-client';
import type { HeldMessage, SubscribedMessage, SubscribePlan } from './subscribe-protocol';

const plan = workerData as SubscribePlan;
const port = parentPort;
if (!port) {
  throw new Error('subscribe-worker runs as a worker thread');
}
const sockets: WebSocket[] = [];
const failures: string[] = [];
let snapshots = 0;
let frames = 0;
let holding = false;
let onAll = () => {};
const fail = (what: string) => {
  if (failures.length < 20) {
    failures.push(what);
  }
};

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
      const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        for (let i = first; i < first + count; i += 1) {
          const instanceId = plan.instanceIds[i % plan.instanceIds.length];
          ws.send(
            JSON.stringify({
              id: String(i),
              type: 'subscribe',
              payload: { query: SESSION_EVENTS, variables: { id: instanceId } },
            }),
          );
        }
        resolve();
      } else if (message.type === 'next') {
        const text = data.toString();
        const errors = (message.payload as { errors?: { message: string }[] } | undefined)?.errors;
        if (errors?.length) {
          fail(`error: ${errors.map((error) => error.message).join('; ')}`.slice(0, 200));
          return;
        }
        if (text.includes('"SessionSnapshot"') && !holding) {
          snapshots += 1;
          if (snapshots === plan.subscribers) {
            onAll();
          }
        } else {
          frames += 1;
        }
      } else if (message.type === 'error' || message.type === 'complete') {
        fail(`${message.type}: ${JSON.stringify(message.payload ?? null).slice(0, 200)}`);
      } else if (message.type === 'ping') {
        ws.send(JSON.stringify({ type: 'pong' }));
      }
    });
    ws.on('close', (code, reason) => {
      if (!stopping) {
        fail(`socket closed ${code} ${reason.toString()}`);
      }
    });
    ws.on('error', (error) => reject(error));
  });
}

let stopping = false;
try {
  const started = performance.now();
  const all = new Promise<void>((resolve) => {
    onAll = resolve;
  });
  for (let first = 0; first < plan.subscribers; first += plan.perSocket) {
    await openSocket(first, Math.min(plan.perSocket, plan.subscribers - first));
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    all,
    new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${snapshots}/${plan.subscribers} snapshots within ${plan.subscribeTimeoutMs} ms; ${failures.slice(0, 3).join('; ')}`,
            ),
          ),
        plan.subscribeTimeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  holding = true;
  port.postMessage({
    type: 'subscribed',
    subscribeMs: performance.now() - started,
  } satisfies SubscribedMessage);
  port.once('message', () => {
    stopping = true;
    for (const ws of sockets) {
      ws.terminate();
    }
    port.postMessage({ type: 'held', frames, failures } satisfies HeldMessage);
  });
} catch (error) {
  stopping = true;
  for (const ws of sockets) {
    ws.terminate();
  }
  port.postMessage({
    type: 'failed',
    error: error instanceof Error ? error.message : String(error),
  });
}
