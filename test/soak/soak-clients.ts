/**
 * The soak's subscribers, in a worker thread so that parsing their frames does not starve the
 * replicas on a 2-core machine. Speaks graphql-transport-ws over `ws` directly, `perSocket`
 * `sessionEvents(instanceId:)` subscriptions per socket, and records every cursor each
 * subscriber receives. A socket that closes, on purpose or not, is reopened and each of its
 * subscriptions resumes with `after` (the last cursor it saw).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { SESSION_EVENTS, type WireEvent } from '../utils/event-stream';
import { toWsUrl } from '../utils/graphql-ws-client';
import type {
  ClientCommand,
  ClientMessage,
  ClientPlan,
  ResultMessage,
  SubscriberRecord,
} from './soak-protocol';

const plan = workerData as ClientPlan;
const port = parentPort;
if (!port) {
  throw new Error('soak-clients runs as a worker thread');
}
const send = (message: ClientMessage) => port.postMessage(message);

/** Sockets between creation and `connection_ack`, at most: the gateway caps handshakes per address. */
const MAX_CONNECTING = 8;
const MAX_ERRORS_KEPT = 50;

interface Subscriber extends SubscriberRecord {
  lastCursor: number;
}

interface Socket {
  index: number;
  subscribers: number[];
  ws: WebSocket | null;
  url: string;
  /** The next close of `ws` is ours. */
  closing: 'planned' | 'rebalance' | null;
}

const subscribers: Subscriber[] = Array.from({ length: plan.subscribers }, (_, i) => ({
  instanceId: plan.instanceIds[i % plan.instanceIds.length] as string,
  firstSnapshot: null,
  cursors: [],
  status: null,
  laterSnapshots: 0,
  lastCursor: -1,
}));
const sockets: Socket[] = Array.from(
  { length: Math.ceil(plan.subscribers / plan.perSocket) },
  (_, index) => ({
    index,
    subscribers: Array.from(
      { length: Math.min(plan.perSocket, plan.subscribers - index * plan.perSocket) },
      (_unused, j) => index * plan.perSocket + j,
    ),
    ws: null,
    url: plan.urls[index % plan.urls.length] as string,
    closing: null,
  }),
);
const down = new Set<string>();
const reconnects = { planned: 0, rebalanced: 0, afterKill: 0, other: 0 };
const serverCloses: Record<string, number> = {};
const errors: string[] = [];
let errorCount = 0;
let events = 0;
let snapshots = 0;
let finished = false;
let onAllSnapshots = () => {};

const fail = (what: string) => {
  errorCount += 1;
  if (errors.length < MAX_ERRORS_KEPT) {
    errors.push(what);
  }
};

/** A FIFO of socket openings, {@link MAX_CONNECTING} at a time. */
let connecting = 0;
const waiting: (() => void)[] = [];
const acquire = () =>
  new Promise<void>((resolve) => {
    if (connecting < MAX_CONNECTING) {
      connecting += 1;
      resolve();
    } else {
      waiting.push(resolve);
    }
  });
const release = () => {
  const next = waiting.shift();
  if (next) {
    next();
  } else {
    connecting -= 1;
  }
};

/** The live replica with the fewest of our sockets, `preferred` first when given and live. */
function pickUrl(preferred?: string): string {
  const live = plan.urls.filter((url) => !down.has(url));
  const candidates = live.length > 0 ? live : plan.urls;
  if (preferred && candidates.includes(preferred)) {
    return preferred;
  }
  const load = (url: string) => sockets.filter((s) => s.ws && s.url === url).length;
  return candidates.reduce((best, url) => (load(url) < load(best) ? url : best));
}

function onEvent(subscriber: Subscriber, id: number, event: WireEvent) {
  const cursor = Number(event.cursor);
  if (event.instanceId !== subscriber.instanceId) {
    fail(`subscriber ${id}: an event of ${event.instanceId} at ${cursor}`);
  }
  if (event.__typename === 'SessionSnapshot') {
    if (subscriber.firstSnapshot === null) {
      subscriber.firstSnapshot = cursor;
      snapshots += 1;
      if (snapshots === subscribers.length) {
        onAllSnapshots();
      }
    } else {
      // a resume that could resume sends no snapshot: this one restarted the history
      subscriber.laterSnapshots += 1;
      fail(`subscriber ${id}: a fresh snapshot (resumed: ${event.resumed}) at ${cursor}`);
    }
    subscriber.status = event.session?.status ?? null;
  } else {
    events += 1;
    subscriber.cursors.push(cursor);
    if (event.__typename === 'SessionStatusChanged') {
      subscriber.status = event.status ?? null;
    }
  }
  subscriber.lastCursor = Math.max(subscriber.lastCursor, cursor);
}

const subscribeMessage = (id: number) => {
  const subscriber = subscribers[id] as Subscriber;
  const after = subscriber.lastCursor >= 0 ? String(subscriber.lastCursor) : null;
  return JSON.stringify({
    id: String(id),
    type: 'subscribe',
    payload: { query: SESSION_EVENTS, variables: { id: subscriber.instanceId, after } },
  });
};

/** Opens `socket` (again) and subscribes each of its subscribers, resuming where it stopped. */
async function open(socket: Socket, preferred?: string): Promise<void> {
  await acquire();
  if (finished) {
    release();
    return;
  }
  let acknowledged = false;
  const url = pickUrl(preferred);
  const ws = new WebSocket(toWsUrl(url), 'graphql-transport-ws', { perMessageDeflate: false });
  socket.ws = ws;
  socket.url = url;
  socket.closing = null;
  const settle = () => {
    if (!acknowledged) {
      acknowledged = true;
      release();
    }
  };
  ws.on('open', () => {
    ws.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: plan.authorization } }),
    );
  });
  ws.on('message', (data: Buffer) => {
    if (socket.ws !== ws) {
      return;
    }
    const message = JSON.parse(data.toString()) as { type: string; id?: string; payload?: unknown };
    const id = Number(message.id);
    switch (message.type) {
      case 'next': {
        const payload = message.payload as {
          data?: { sessionEvents?: WireEvent };
          errors?: unknown[];
        };
        if (payload.errors?.length) {
          fail(`subscriber ${id}: ${JSON.stringify(payload.errors).slice(0, 300)}`);
        }
        const event = payload.data?.sessionEvents;
        if (event) {
          onEvent(subscribers[id] as Subscriber, id, event);
        }
        break;
      }
      case 'connection_ack':
        settle();
        for (const subscriber of socket.subscribers) {
          ws.send(subscribeMessage(subscriber));
        }
        break;
      case 'ping':
        ws.send('{"type":"pong"}');
        break;
      case 'error':
        fail(`subscriber ${id}: error ${JSON.stringify(message.payload).slice(0, 300)}`);
        break;
      case 'complete':
        if (!finished) {
          fail(`subscriber ${id}: completed by the server`);
        }
        break;
    }
  });
  ws.on('error', () => {
    // the close that follows says what happened
  });
  ws.on('close', (code, reason) => {
    settle();
    if (socket.ws !== ws || finished) {
      return;
    }
    socket.ws = null;
    const planned = socket.closing !== null;
    if (socket.closing === 'planned') {
      reconnects.planned += 1;
    } else if (socket.closing === 'rebalance') {
      reconnects.rebalanced += 1;
    } else if (down.has(url) && (code === 1006 || !acknowledged)) {
      reconnects.afterKill += 1;
    } else {
      reconnects.other += 1;
      serverCloses[code] = (serverCloses[code] ?? 0) + 1;
      // 1013: this socket was too slow and is told to resume, which it does
      if (code !== 1013) {
        fail(`socket ${socket.index} on ${url} closed ${code} ${reason.toString()}`.trim());
      }
    }
    setTimeout(() => void open(socket), planned ? 0 : 200 + Math.random() * 300);
  });
}

/** Closes `count` random open sockets; each reopens on the least loaded live replica. */
function reconnectSome(count: number) {
  const open = sockets.filter((s) => s.ws?.readyState === WebSocket.OPEN);
  for (let i = 0; i < count && open.length > 0; i++) {
    const [socket] = open.splice(Math.floor(Math.random() * open.length), 1);
    if (socket?.ws) {
      socket.closing = 'planned';
      socket.ws.close(1000, 'soak reconnect');
    }
  }
}

/** Moves sockets off the busiest live replica until every live one holds about as many. */
function rebalance() {
  const live = plan.urls.filter((url) => !down.has(url));
  const on = (url: string) =>
    sockets.filter((s) => s.url === url && s.ws?.readyState === WebSocket.OPEN);
  const loads = live.map((url) => on(url).length);
  const most = Math.max(...loads);
  const least = Math.min(...loads);
  const busiest = live[loads.indexOf(most)];
  if (busiest === undefined) {
    return;
  }
  for (const socket of on(busiest).slice(0, Math.floor((most - least) / 2))) {
    socket.closing = 'rebalance';
    socket.ws?.close(1000, 'soak rebalance');
  }
}

function progress(): ClientMessage {
  return {
    type: 'progress',
    statuses: subscribers.map((s) => s.status),
    lastCursors: subscribers.map((s) => s.lastCursor),
    events,
    openSockets: sockets.filter((s) => s.ws?.readyState === WebSocket.OPEN).length,
  };
}

function result(): ResultMessage {
  return {
    type: 'result',
    subscribers: subscribers.map(({ lastCursor: _last, ...record }) => record),
    reconnects,
    serverCloses,
    errors,
    errorCount,
  };
}

port.on('message', (command: ClientCommand) => {
  switch (command.type) {
    case 'reconnect':
      reconnectSome(command.count);
      break;
    case 'down':
      down.add(command.url);
      break;
    case 'up':
      down.delete(command.url);
      break;
    case 'rebalance':
      rebalance();
      break;
    case 'progress':
      send(progress());
      break;
    case 'finish':
      finished = true;
      for (const socket of sockets) {
        socket.ws?.terminate();
      }
      send(result());
      break;
  }
});

try {
  const started = performance.now();
  const allSnapshots = new Promise<void>((resolve) => {
    onAllSnapshots = resolve;
  });
  for (const socket of sockets) {
    void open(socket, socket.url);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    allSnapshots,
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `${snapshots}/${subscribers.length} snapshots within ${plan.subscribeTimeoutMs} ms`,
            ),
          ),
        plan.subscribeTimeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  send({ type: 'ready', subscribeMs: performance.now() - started });
} catch (error) {
  send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
}
