import type { ExecutionResult, GraphQLFormattedError } from 'graphql';
import { execute, parse, subscribe, validate } from 'graphql';
import { createSchemaContext } from '../context';
import { schema } from '../modules/index';
import type { Viewer } from '../ports';
import type { Fakes } from './fake-ports';

/** The four callers of the role matrix. */
export const VIEWERS = {
  admin: { role: 'admin' },
  owner: { role: 'tenant', tenantId: 't-acme' },
  other: { role: 'tenant', tenantId: 't-globex' },
  /** An end user's connect link for `inst-acme` (of `t-acme`). */
  link: {
    role: 'link',
    linkId: 'cl-acme',
    instanceId: 'inst-acme',
    tenantId: 't-acme',
    expiresAt: new Date('2099-01-01T00:00:00Z'),
  },
  anonymous: null,
} as const satisfies Record<string, Viewer | null>;
export type Role = keyof typeof VIEWERS;

function prepare(source: string) {
  const document = parse(source);
  const errors = validate(schema, document);
  if (errors.length > 0) {
    throw new Error(`invalid test document: ${errors.map((e) => e.message).join('; ')}`);
  }
  return document;
}

/** Executes `source` against the real schema with a fresh context, as one request would. */
export async function run(
  fakes: Fakes,
  viewer: Viewer | null,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<ExecutionResult> {
  const contextValue = createSchemaContext(fakes.ports, viewer);
  return execute({ schema, document: prepare(source), contextValue, variableValues });
}

/** Subscribes with a fresh context: the stream, or the result carrying the errors. */
export async function open(
  fakes: Fakes,
  viewer: Viewer | null,
  source: string,
  variableValues?: Record<string, unknown>,
): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> {
  const contextValue = createSchemaContext(fakes.ports, viewer);
  return subscribe({ schema, document: prepare(source), contextValue, variableValues });
}

/** Every event of a finite stream, or the errors of a refused subscription. */
export async function collect(
  result: AsyncGenerator<ExecutionResult> | ExecutionResult,
): Promise<ExecutionResult[]> {
  if (!(Symbol.asyncIterator in result)) {
    return [result];
  }
  const events: ExecutionResult[] = [];
  for await (const event of result) {
    events.push(event);
  }
  return events;
}

/** The codes of a result's errors, in order. */
export function codes(result: ExecutionResult): unknown[] {
  return (result.errors ?? []).map((e) => e.extensions.code);
}

/** A result's errors as a client sees them, without paths and locations. */
export function clientErrors(result: ExecutionResult): Partial<GraphQLFormattedError>[] {
  return (result.errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions }));
}
