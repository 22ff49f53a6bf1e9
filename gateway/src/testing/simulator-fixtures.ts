import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { createSimulator, type Simulator, type SimulatorOptions } from '../simulator';

/** @private Test helpers: every server they start is closed by `dispose()`. */
export interface Harness {
  start(options?: SimulatorOptions): Promise<SimHandle>;
  receiver(answer?: (index: number) => number): Promise<Receiver>;
  dispose(): Promise<void>;
}

/** A decoded answer; `json` is the parsed body cast to `T` (undefined when it does not parse). */
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** What `GET /_sim/instances` shows per instance. */
export interface InstanceView {
  instance_id: string;
  name: string;
  status: string;
  statuses: Array<{ status: string; timestamp: number }>;
  me: { id: string; pushName: string; lid: string; platform: string } | null;
  linked: boolean;
  qr: { value: string; index: number; expires_at: number } | null;
  pairing: { code: string; phone: string } | null;
  webhooks: unknown[];
}

export interface CallOptions {
  method?: string;
  query?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface SimHandle {
  sim: Simulator;
  url: string;
  token: string;
  ids: string[];
  /** Calls `path` with no credentials added. */
  raw<T = Record<string, unknown>>(path: string, options?: CallOptions): Promise<Reply<T>>;
  /** Calls `path` with `instance_id` and the token in the query (plus `options.query`). */
  call<T = Record<string, unknown>>(
    path: string,
    instanceId: string,
    options?: CallOptions,
  ): Promise<Reply<T>>;
  /** Polls `session/info` (via the control surface, so the poll floor is untouched). */
  waitForStatus(instanceId: string, status: string, timeoutMs?: number): Promise<void>;
  view(instanceId: string): Promise<InstanceView>;
}

/** The `session.status` envelope as a receiver sees it. */
export interface StatusEventBody {
  id: string;
  timestamp: number;
  event: string;
  session: string;
  metadata: Record<string, unknown>;
  me: unknown;
  payload: { name: string; status: string; statuses: unknown[]; data: null };
  engine: string;
  environment: Record<string, unknown>;
  instance_id: string;
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: StatusEventBody;
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Resolves once at least `count` deliveries arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function request<T = Record<string, unknown>>(
  url: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    target.searchParams.set(key, value);
  }
  const headers = new Headers(options.headers);
  let body: string | undefined;
  if (options.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = typeof options.json === 'string' ? options.json : JSON.stringify(options.json);
  } else if (options.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded');
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(target, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Decodes a PNG (raw bytes or a data URL) back to the QR text it holds. */
export function decodeQr(png: Buffer | string): string | undefined {
  const bytes =
    typeof png === 'string'
      ? Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64')
      : png;
  const image = PNG.sync.read(bytes);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

export function createHarness(): Harness {
  const leftovers: Array<() => Promise<void>> = [];

  return {
    async start(options = {}) {
      const sim = createSimulator({ port: 0, timeScale: 100, ...options });
      leftovers.push(() => sim.stop());
      const url = await sim.start();
      const raw = <T>(path: string, opts?: CallOptions) => request<T>(`${url}${path}`, opts);
      const view = async (id: string) => {
        const found = (await raw<InstanceView[]>('/_sim/instances')).json.find(
          (instance) => instance.instance_id === id,
        );
        if (!found) {
          throw new Error(`no instance ${id}`);
        }
        return found;
      };
      return {
        sim,
        url,
        token: sim.accessToken,
        ids: sim.instanceIds(),
        raw,
        call: <T>(path: string, instanceId: string, opts: CallOptions = {}) =>
          raw<T>(path, {
            ...opts,
            query: { instance_id: instanceId, access_token: sim.accessToken, ...opts.query },
          }),
        view,
        waitForStatus: (id, status, timeoutMs) =>
          until(async () => (await view(id)).status === status, timeoutMs),
      };
    },
    async receiver(answer = () => 200) {
      const deliveries: Delivery[] = [];
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          deliveries.push({ headers: req.headers, raw, body: JSON.parse(raw) as StatusEventBody });
          res.writeHead(answer(deliveries.length)).end();
        });
      });
      leftovers.push(
        () =>
          new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}/hook`,
        deliveries,
        async waitFor(count, timeoutMs) {
          await until(() => deliveries.length >= count, timeoutMs);
          return deliveries;
        },
      };
    },
    async dispose() {
      await Promise.all(leftovers.splice(0).map((close) => close()));
    },
  };
}
