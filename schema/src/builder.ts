import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { Kind } from 'graphql';
import type { SchemaContext } from './context';
import { ErrorCode, gatewayError } from './errors';

/** The scopes a root field may require; every root field declares at least one (default deny). */
export interface AuthScopes {
  /** The gateway admin key: every registered instance and the admin operations. */
  admin: boolean;
  /** A tenant key: only that tenant's instances. */
  tenant: boolean;
  /** Any valid key (admin or tenant; a connect link is not a key). */
  authenticated: boolean;
  /**
   * A connect link's credential: its own instance only, and only what linking it takes
   * (its status and QR, starting it, a pairing code, its events).
   */
  link: boolean;
}

/** The Pothos type parameters of {@link builder}. */
export interface BuilderTypes {
  Context: SchemaContext;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
  AuthScopes: AuthScopes;
  /** Fields are non-null unless they say `nullable: true`, as in the contract. */
  DefaultFieldNullability: false;
}

// Offset required, so a value means the same instant on every machine.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** True when the calendar date exists: `Date` would roll 2026-02-30 over to March 2. */
function isRealDay(iso: string): boolean {
  const [year, month, day] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

function parseDateTime(value: unknown): Date {
  const valid = typeof value === 'string' && ISO_8601.test(value) && isRealDay(value);
  const date = valid ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw gatewayError(
      ErrorCode.BadUserInput,
      'DateTime must be an ISO 8601 string with a time zone, e.g. 2026-11-24T21:25:00Z',
    );
  }
  return date;
}

/** The one SchemaBuilder; `modules/*` add types to it and `modules/index.ts` builds the schema. */
export const builder = new SchemaBuilder<BuilderTypes>({
  // scope-auth must come first so its checks wrap every other plugin's resolvers.
  plugins: [ScopeAuthPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    // Without this, a subscription is only checked when each event resolves.
    authorizeOnSubscribe: true,
    treatErrorsAsUnauthorized: true,
    authScopes: (ctx) => ({
      admin: ctx.viewer?.role === 'admin',
      tenant: ctx.viewer?.role === 'tenant',
      authenticated: ctx.viewer?.role === 'admin' || ctx.viewer?.role === 'tenant',
      link: ctx.viewer?.role === 'link',
    }),
    unauthorizedError: (_parent, ctx, info) =>
      ctx.viewer === null
        ? gatewayError(
            ErrorCode.Unauthenticated,
            'Authentication required: send an API key as "Authorization: Bearer <key>".',
          )
        : gatewayError(
            ErrorCode.Forbidden,
            ctx.viewer.role === 'link'
              ? `A connect link may not use ${info.parentType.name}.${info.fieldName}.`
              : `Your key may not use ${info.parentType.name}.${info.fieldName}.`,
          ),
  },
});

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string with a time zone (UTC `Z` on output).',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) {
      throw new TypeError('DateTime cannot represent an invalid date');
    }
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

builder.queryType({ description: 'Reads. Every field needs an API key.' });
builder.mutationType({ description: 'Writes. Every field needs an API key.' });
builder.subscriptionType({ description: 'Live streams. Every field needs an API key.' });
