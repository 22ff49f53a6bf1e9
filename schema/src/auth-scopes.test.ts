import type { GraphQLField, GraphQLNamedType } from 'graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './modules/index';

type PothosExtensions = { pothosOptions?: { authScopes?: unknown } };

const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
const rootFields = roots.flatMap((root) =>
  Object.values(root?.getFields() ?? {}).map((field) => ({ root: root?.name, field })),
);

function authScopesOf(field: GraphQLField<unknown, unknown>): unknown {
  return (field.extensions as PothosExtensions).pothosOptions?.authScopes;
}

describe('default deny', () => {
  it('finds the three roots and their fields', () => {
    expect(roots.every(Boolean)).toBe(true);
    expect(rootFields.length).toBeGreaterThan(20);
  });

  it.each(rootFields.map(({ root, field }) => [`${root}.${field.name}`, field] as const))(
    '%s declares authScopes',
    (_name, field) => {
      const scopes = authScopesOf(field);
      expect(scopes).toBeTypeOf('object');
      expect(Object.keys(scopes as object).length).toBeGreaterThan(0);
    },
  );

  it('marks the admin operations admin-only', () => {
    const adminOnly = rootFields
      .filter(({ field }) => (authScopesOf(field) as { admin?: boolean }).admin === true)
      .map(({ field }) => field.name)
      .sort();
    expect(adminOnly).toEqual(
      [
        'assignInstance',
        'createInstance',
        'createTenant',
        'deleteInstance',
        'issueApiKey',
        'registerInstance',
        'revokeApiKey',
        'tenant',
        'tenants',
      ].sort(),
    );
  });
});

function undescribed(type: GraphQLNamedType): string[] {
  const missing = type.description ? [] : [type.name];
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) {
        missing.push(`${type.name}.${field.name}`);
      }
      for (const arg of 'args' in field ? field.args : []) {
        if (!arg.description) {
          missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) {
      if (!value.description) {
        missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing;
}

it('describes every type, field, argument and enum value', () => {
  const builtIn = new Set(['String', 'Boolean', 'ID', 'Int', 'Float']);
  const missing = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && !builtIn.has(type.name))
    .flatMap(undescribed);
  expect(missing).toEqual([]);
});

describe('secrets', () => {
  const SECRET = /token|secret|password|^key$/i;
  const isAdminOnly = (field: GraphQLField<unknown, unknown>) =>
    (authScopesOf(field) as { admin?: boolean } | undefined)?.admin === true;

  /** Every field a tenant key can reach, following types from its allowed root fields. */
  function reachableByTenant(): string[] {
    const seen = new Set<string>();
    const fields: string[] = [];
    const visit = (type: GraphQLNamedType) => {
      if (seen.has(type.name) || !(isObjectType(type) || isInterfaceType(type))) {
        return;
      }
      seen.add(type.name);
      const implementations = isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
      for (const field of Object.values(type.getFields())) {
        if (!isAdminOnly(field)) {
          fields.push(`${type.name}.${field.name}`, ...field.args.map((a) => a.name));
          visit(getNamedType(field.type));
        }
      }
      implementations.forEach(visit);
    };
    for (const { field } of rootFields.filter(({ field }) => !isAdminOnly(field))) {
      fields.push(field.name, ...field.args.map((a) => a.name));
      visit(getNamedType(field.type));
    }
    return fields;
  }

  it('exposes no token, secret or key field or argument to tenant keys', () => {
    const reachable = reachableByTenant();
    expect(reachable).toContain('SessionSnapshot.qrCode');
    // By contract, a tenant gets the signing secret of its own notification endpoint once, when
    // it makes or rotates it (the receiver verifies with it); nothing else secret is reachable.
    const SHOWN_ONCE = new Set(['NotificationEndpointCreated.secret', 'rotateNotificationSecret']);
    expect(
      reachable.filter((name) => !SHOWN_ONCE.has(name) && SECRET.test(name.split('.').pop() ?? '')),
    ).toEqual([]);
  });
});
