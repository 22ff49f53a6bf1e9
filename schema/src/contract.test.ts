import { readFileSync } from 'node:fs';
import type { GraphQLNamedType } from 'graphql';
import {
  buildSchema,
  findBreakingChanges,
  isEnumType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './modules/index';
import { printSdl, SDL_FILE } from './sdl';

// Verbatim from issues 3 and 4: names, arguments and nullability are the public contract.
const CONTRACT = buildSchema(`
scalar DateTime
enum SessionStatus { STOPPED STARTING SCAN_QR_CODE WORKING FAILED }
type Account { id: ID! pushName: String }
type QrCode { value: String! imageDataUrl: String! expiresAt: DateTime }
type PairingCode { code: String! expiresAt: DateTime }
type SessionInfo { instanceId: ID! status: SessionStatus! me: Account observedAt: DateTime! }
type Instance { instanceId: ID! label: String tenantId: ID session: SessionInfo! }
type Tenant { id: ID! name: String! instances: [Instance!]! }
type ApiKey { id: ID! tenantId: ID! key: String! }
type Screenshot { mimeType: String! dataUrl: String! takenAt: DateTime! }
type Query {
  sessionInfo(instanceId: ID!): SessionInfo!
  me(instanceId: ID!): Account
  qrCode(instanceId: ID!): QrCode
  screenshot(instanceId: ID!): Screenshot
  instances: [Instance!]!
  tenants: [Tenant!]!
}
type Mutation {
  startSession(instanceId: ID!): SessionInfo!
  stopSession(instanceId: ID!): SessionInfo!
  restartSession(instanceId: ID!): SessionInfo!
  requestPairingCode(instanceId: ID!, phoneNumber: String!): PairingCode!
  logout(instanceId: ID!): SessionInfo!
  createInstance(label: String, tenantId: ID): Instance!
  registerInstance(instanceId: ID!, label: String, tenantId: ID): Instance!
  deleteInstance(instanceId: ID!): Boolean!
  createTenant(name: String!): Tenant!
  issueApiKey(tenantId: ID!): ApiKey!
  revokeApiKey(id: ID!): Boolean!
  assignInstance(instanceId: ID!, tenantId: ID): Instance!
}
enum EventSource { POLL WEBHOOK GATEWAY }
enum DisconnectReason { LOGGED_OUT DEVICE_UNLINKED CONNECTION_LOST QR_EXPIRED UNKNOWN }
interface SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! }
type SessionSnapshot implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! session: SessionInfo! qrCode: QrCode resumed: Boolean! }
type SessionStatusChanged implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! status: SessionStatus! previousStatus: SessionStatus }
type QrCodeUpdated implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! qrCode: QrCode! }
type SessionAuthenticated implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! me: Account! }
type SessionDisconnected implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! reason: DisconnectReason! }
type UpstreamHealthChanged implements SessionEvent { cursor: String! instanceId: ID! occurredAt: DateTime! source: EventSource! healthy: Boolean! detail: String }
type Subscription { sessionEvents(instanceId: ID, after: String): SessionEvent! }
`);

/** Enum values, or fields with their type and arguments, by name. */
function members(type: GraphQLNamedType | undefined): Map<string, unknown> {
  if (isEnumType(type)) {
    return new Map(type.getValues().map((v) => [v.name, { value: v.name }]));
  }
  if (isObjectType(type) || isInterfaceType(type)) {
    return new Map(
      Object.values(type.getFields()).map((f) => [
        f.name,
        {
          type: String(f.type),
          args: Object.fromEntries(f.args.map((a) => [a.name, String(a.type)])),
        },
      ]),
    );
  }
  return new Map();
}

describe('the public contract', () => {
  it('has every contract type, field and argument with the same nullability', () => {
    for (const type of Object.values(CONTRACT.getTypeMap())) {
      if (type.name.startsWith('__')) {
        continue;
      }
      const ours = schema.getType(type.name);
      expect(ours?.constructor, type.name).toBe(type.constructor);
      const mine = members(ours);
      for (const [name, expected] of members(type)) {
        // Additions (fields, optional arguments) are allowed; the contract's part must be equal.
        expect(mine.get(name), `${type.name}.${name}`).toMatchObject(expected as object);
      }
    }
    expect(findBreakingChanges(CONTRACT, schema)).toEqual([]);
  });

  it('matches the committed schema/schema.graphql (run `pnpm schema:print`)', () => {
    expect(readFileSync(SDL_FILE, 'utf8')).toBe(printSdl(schema));
  });
});
