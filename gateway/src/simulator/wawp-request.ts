import type { IncomingHttpHeaders } from 'node:http';

/** A Wawp-surface request after body parsing, with Wawp's parameter precedence applied (query, then body, then headers). */
export interface WawpRequest {
  method: string;
  /** Canonical route name, e.g. `session/info`. */
  route: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** A string parameter from the query, else the body (`''` counts as absent). */
  param(name: string): string | undefined;
  /** The raw parameter (query string, else the body value as sent). */
  rawParam(name: string): unknown;
  /** query `access_token` > body > header `access-token` > `Authorization: Bearer`. */
  accessToken: string | undefined;
  /** query `instance_id` > body > header `X-Instance-ID`. */
  instanceId: string | undefined;
}

const present = (value: string | undefined) => (value === '' ? undefined : value);

const asString = (value: unknown): string | undefined => {
  if (typeof value === 'string') {
    return present(value.trim());
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
};

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return present((Array.isArray(value) ? value[0] : value)?.trim());
};

const bearer = (headers: IncomingHttpHeaders) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return match?.[1];
};

/** Builds the request view handlers see. */
export function makeWawpRequest(input: {
  method: string;
  route: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}): WawpRequest {
  const { query, body, headers } = input;
  const param = (name: string) =>
    present(query.get(name)?.trim() ?? undefined) ?? asString(body[name]);
  return {
    method: input.method,
    route: input.route,
    query,
    body,
    param,
    rawParam: (name) => query.get(name) ?? body[name],
    accessToken: param('access_token') ?? header(headers, 'access-token') ?? bearer(headers),
    instanceId: param('instance_id') ?? header(headers, 'x-instance-id'),
  };
}
