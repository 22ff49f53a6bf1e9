/**
 * The operations of `schema/schema.graphql` as fuzz targets: each root field with arbitraries for
 * its arguments, written either with variables or with the values inlined as literals, and the
 * ways to get a request wrong (a value of the wrong type, a missing or unknown variable, a
 * declared type that does not match, an unknown argument or field, a bad directive value).
 */
import fc from 'fast-check';
import {
  cursorLike,
  idLike,
  isResumableCursor,
  nameLike,
  phoneLike,
  unknownVariables,
  wrongTyped,
} from './arbitraries';
import type { AuthKind, FuzzGateway } from './fuzz-gateway';

interface ArgSpec {
  name: string;
  /** Its GraphQL type, e.g. `ID!`. */
  type: string;
  value: fc.Arbitrary<unknown>;
}

/** One root field and how to call it. */
export interface OpSpec {
  kind: 'query' | 'mutation' | 'subscription';
  field: string;
  args: ArgSpec[];
  selection: string;
  auth: AuthKind[];
}

/** One generated request. */
export interface OpCase {
  field: string;
  auth: AuthKind;
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
  /** How the request was made wrong, if it was. */
  mutation?: string;
  /**
   * True when the operation may legitimately send nothing for a while: a valid `sessionEvents`
   * that resumes from a cursor it can resume from, with nothing new since.
   */
  silenceAllowed?: boolean;
}

const SESSION = 'instanceId status me { id pushName } observedAt stale';
/** The selection of `sessionEvents`: every field of every event type. */
export const EVENT_SELECTION =
  '__typename cursor instanceId occurredAt source ' +
  '... on SessionSnapshot { resumed session { status stale } } ' +
  '... on SessionStatusChanged { status previousStatus } ' +
  '... on QrCodeUpdated { qrCode { value expiresAt } } ' +
  '... on SessionAuthenticated { me { id } } ' +
  '... on SessionDisconnected { reason } ' +
  '... on UpstreamHealthChanged { healthy detail }';

const optional = (arb: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });

/** The operations per family, with valid ids where they do not disturb each other. */
export function operationFamilies(g: FuzzGateway) {
  const [tenantsOwn, scanning, scratchAdmin, scratchActions] = g.ids as [
    string,
    string,
    string,
    string,
  ];
  const anyInstance = idLike(g.ids);
  const tenantIds = idLike([g.tenantId, g.spareTenantId]);
  const read = (field: string, selection: string): OpSpec => ({
    kind: 'query',
    field,
    args: [{ name: 'instanceId', type: 'ID!', value: anyInstance }],
    selection,
    auth: ['admin', 'admin', 'tenant', 'none'],
  });
  const action = (field: string): OpSpec => ({
    kind: 'mutation',
    field,
    args: [{ name: 'instanceId', type: 'ID!', value: idLike([scratchActions]) }],
    selection: SESSION,
    auth: ['admin', 'admin', 'tenant', 'none'],
  });

  const reads: OpSpec[] = [
    read('instance', 'instanceId label tenantId createdAt session { status stale }'),
    read('sessionInfo', SESSION),
    read('me', 'id pushName'),
    read('qrCode', 'value expiresAt'),
    read('screenshot', 'mimeType takenAt'),
    {
      kind: 'query',
      field: 'instances',
      args: [],
      selection: 'instanceId',
      auth: ['admin', 'tenant', 'none'],
    },
    {
      kind: 'query',
      field: 'viewer',
      args: [],
      selection: 'role tenantId',
      auth: ['admin', 'tenant', 'none'],
    },
  ];
  const tenantsAndKeys: OpSpec[] = [
    {
      kind: 'query',
      field: 'tenant',
      args: [{ name: 'id', type: 'ID!', value: tenantIds }],
      selection: 'id name instances { instanceId } apiKeys { id prefix revokedAt }',
      auth: ['admin', 'admin', 'tenant', 'none'],
    },
    { kind: 'query', field: 'tenants', args: [], selection: 'id name', auth: ['admin', 'tenant'] },
    {
      kind: 'mutation',
      field: 'issueApiKey',
      args: [{ name: 'tenantId', type: 'ID!', value: idLike([g.spareTenantId]) }],
      selection: 'id prefix tenantId createdAt',
      auth: ['admin', 'admin', 'tenant', 'none'],
    },
    {
      kind: 'mutation',
      field: 'revokeApiKey',
      args: [{ name: 'id', type: 'ID!', value: idLike(g.spareKeyIds) }],
      selection: '',
      auth: ['admin', 'admin', 'tenant', 'none'],
    },
  ];
  const pairing: OpSpec[] = [
    {
      kind: 'mutation',
      field: 'requestPairingCode',
      args: [
        { name: 'instanceId', type: 'ID!', value: idLike([scanning]) },
        { name: 'phoneNumber', type: 'String!', value: phoneLike },
      ],
      selection: 'code expiresAt',
      auth: ['admin', 'admin', 'admin', 'tenant', 'none'],
    },
  ];
  const namesAndLabels: OpSpec[] = [
    {
      kind: 'mutation',
      field: 'createTenant',
      args: [{ name: 'name', type: 'String!', value: nameLike }],
      selection: 'id name',
      auth: ['admin', 'admin', 'tenant', 'none'],
    },
    {
      kind: 'mutation',
      field: 'registerInstance',
      args: [
        { name: 'instanceId', type: 'ID!', value: idLike([scratchAdmin]) },
        { name: 'label', type: 'String', value: optional(nameLike) },
        { name: 'tenantId', type: 'ID', value: optional(tenantIds) },
      ],
      selection: 'instanceId label tenantId',
      auth: ['admin', 'admin', 'tenant'],
    },
    {
      kind: 'mutation',
      field: 'assignInstance',
      args: [
        { name: 'instanceId', type: 'ID!', value: idLike([scratchAdmin]) },
        { name: 'tenantId', type: 'ID', value: optional(tenantIds) },
      ],
      selection: 'instanceId tenantId',
      auth: ['admin', 'admin', 'tenant'],
    },
    {
      kind: 'mutation',
      field: 'createInstance',
      args: [
        { name: 'label', type: 'String', value: optional(nameLike) },
        { name: 'tenantId', type: 'ID', value: optional(tenantIds) },
      ],
      selection: 'instanceId label tenantId',
      auth: ['admin', 'tenant'],
    },
  ];
  const sessionActions: OpSpec[] = [
    action('startSession'),
    action('stopSession'),
    action('restartSession'),
    action('logout'),
    {
      kind: 'mutation',
      field: 'deleteInstance',
      // Never a registered instance: the other families need them.
      args: [
        {
          name: 'instanceId',
          type: 'ID!',
          value: idLike([scratchActions]).filter((id) => !g.ids.includes(id as string)),
        },
      ],
      selection: '',
      auth: ['admin', 'tenant'],
    },
  ];
  const events: OpSpec = {
    kind: 'subscription',
    field: 'sessionEvents',
    args: [
      { name: 'instanceId', type: 'ID', value: optional(idLike([tenantsOwn, scanning])) },
      { name: 'after', type: 'String', value: optional(cursorLike) },
    ],
    selection: EVENT_SELECTION,
    auth: ['admin', 'tenant'],
  };
  return { reads, tenantsAndKeys, pairing, namesAndLabels, sessionActions, events };
}

/** A value as a GraphQL literal (`null` for what GraphQL cannot write, e.g. NaN). */
export function toLiteral(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? String(value) : 'null';
  }
  if (typeof value === 'boolean' || value === null || value === undefined) {
    return String(value ?? null);
  }
  if (Array.isArray(value)) {
    return `[${value.map(toLiteral).join(', ')}]`;
  }
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => /^[_A-Za-z]\w*$/.test(key))
    .map(([key, item]) => `${key}: ${toLiteral(item)}`);
  return `{ ${fields.join(', ')} }`;
}

interface Built {
  declared: { name: string; type: string }[];
  argsText: string[];
  variables: Record<string, unknown>;
}

function render(
  spec: OpSpec,
  built: Built,
  extra: { directive?: string; selection?: string } = {},
) {
  const declared =
    built.declared.length > 0
      ? `(${built.declared.map((d) => `$${d.name}: ${d.type}`).join(', ')})`
      : '';
  const args = built.argsText.length > 0 ? `(${built.argsText.join(', ')})` : '';
  const selection = extra.selection ?? spec.selection;
  const body = selection === '' ? '' : ` { ${selection} }`;
  return `${spec.kind} Fuzz${declared} { ${spec.field}${args}${extra.directive ?? ''}${body} }`;
}

/** A well-typed call of `spec`: every value of the argument's type, as variables or literals. */
export function typedCase(spec: OpSpec): fc.Arbitrary<OpCase> {
  return fc
    .record({
      auth: fc.constantFrom(...spec.auth),
      values: fc.tuple(...spec.args.map((arg) => arg.value)),
      inline: fc.boolean(),
    })
    .map(({ auth, values, inline }) => {
      const built: Built = { declared: [], argsText: [], variables: {} };
      spec.args.forEach((arg, i) => {
        const value = values[i];
        if (inline) {
          built.argsText.push(`${arg.name}: ${toLiteral(value)}`);
        } else {
          built.declared.push({ name: arg.name, type: arg.type });
          built.argsText.push(`${arg.name}: $${arg.name}`);
          built.variables[arg.name] = value;
        }
      });
      const after = values[spec.args.findIndex((arg) => arg.name === 'after')];
      return {
        field: spec.field,
        auth,
        query: render(spec, built),
        variables: built.variables,
        silenceAllowed: spec.kind === 'subscription' && isResumableCursor(after),
      };
    });
}

const WRONG_DECLARED_TYPES = [
  'String!',
  'String',
  'ID',
  '[ID!]!',
  'Int',
  'Boolean!',
  'Float',
  'Nope',
  'ID!!',
  '[ID',
];
const BOOLEANISH: unknown[] = ['NaN', 'true', 'false', 1, 0, null, 'yes', [], {}, '1e999', -1, 2];

/** A call of `spec` made wrong in one of several ways. */
export function wrongCase(spec: OpSpec): fc.Arbitrary<OpCase> {
  const hasArgs = spec.args.length > 0;
  return fc
    .record({
      auth: fc.constantFrom(...spec.auth),
      values: fc.tuple(...spec.args.map((arg) => arg.value)),
      how: fc.constantFrom(
        ...(hasArgs
          ? (['wrongValue', 'missing', 'declaredType', 'wrongValue'] as const)
          : (['unknownVariables'] as const)),
        'unknownVariables',
        'extraArg',
        'extraField',
        'directiveVar',
      ),
      which: fc.nat(),
      wrong: wrongTyped,
      unknown: unknownVariables,
      declaredType: fc.constantFrom(...WRONG_DECLARED_TYPES),
      booleanish: fc.constantFrom(...BOOLEANISH),
    })
    .map(({ auth, values, how, which, wrong, unknown, declaredType, booleanish }) => {
      const built: Built = { declared: [], argsText: [], variables: {} };
      spec.args.forEach((arg, i) => {
        built.declared.push({ name: arg.name, type: arg.type });
        built.argsText.push(`${arg.name}: $${arg.name}`);
        built.variables[arg.name] = values[i];
      });
      const target = hasArgs ? spec.args[which % spec.args.length]! : null;
      const extra: { directive?: string; selection?: string } = {};
      switch (how) {
        case 'wrongValue':
          built.variables[target!.name] = wrong;
          break;
        case 'missing':
          delete built.variables[target!.name];
          break;
        case 'declaredType':
          built.declared = built.declared.map((d) =>
            d.name === target!.name ? { ...d, type: declaredType } : d,
          );
          break;
        case 'unknownVariables':
          Object.assign(built.variables, unknown);
          break;
        case 'extraArg':
          built.argsText.push(`fuzzExtra: ${toLiteral(wrong)}`);
          break;
        case 'extraField':
          extra.selection = `${spec.selection === '' ? '' : `${spec.selection} `}fuzzNope`;
          break;
        case 'directiveVar':
          built.declared.push({ name: 'fuzzIf', type: 'Boolean!' });
          built.variables.fuzzIf = booleanish;
          extra.directive = ' @include(if: $fuzzIf)';
          break;
      }
      return {
        field: spec.field,
        auth,
        query: render(spec, built, extra),
        variables: built.variables,
        mutation: how,
        // These may leave a valid subscription (an unknown variable is ignored, `String!` fits a
        // `String` argument, an optional argument may be left out).
        silenceAllowed:
          spec.kind === 'subscription' &&
          ['unknownVariables', 'declaredType', 'missing'].includes(how) &&
          isResumableCursor(built.variables.after),
      };
    });
}

/** One case of any spec of `specs`. */
export const anyOf = (specs: readonly OpSpec[], make: (spec: OpSpec) => fc.Arbitrary<OpCase>) =>
  fc.oneof(...specs.map(make));

/**
 * Documents with several operations and an `operationName` that may not match any of them (or is
 * not a string at all, which only a raw envelope can send).
 */
export const operationNameCase = fc
  .record({
    ops: fc.array(
      fc.record({
        name: fc.option(fc.constantFrom('A', 'B', 'Fuzz', 'query', '_', 'a\u00e9'), { nil: null }),
        kind: fc.constantFrom('query', 'query', 'mutation', 'subscription'),
      }),
      { maxLength: 3 },
    ),
    operationName: fc.oneof(
      fc.constantFrom('A', 'B', 'Fuzz', '', 'a', 'query', 'A B', '__proto__'),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constant(null),
      fc.constant(undefined),
    ),
  })
  .map(({ ops, operationName }) => {
    const fields = {
      query: '{ viewer { role } }',
      mutation: '{ revokeApiKey(id: "fuzz-no-such-key") }',
      subscription: '{ sessionEvents { cursor } }',
    } as const;
    const query = ops
      .map((op) => `${op.kind}${op.name === null ? '' : ` ${op.name}`} ${fields[op.kind]}`)
      .join('\n');
    return { query, operationName };
  });
