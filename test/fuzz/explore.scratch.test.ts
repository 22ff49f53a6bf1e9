import { afterAll, beforeAll, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';

let h: Harness;
beforeAll(async () => {
  h = await startGateway({ config: { logLevel: 'warn' }, simulator: { instances: 2, timeScale: 1, bootMs: 200 } });
});
afterAll(() => h.stop());

const post = async (body: string, key: string | null = h.adminKey, headers: Record<string,string> = {}) => {
  const r = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers }, body });
  return `${r.status} ${r.headers.get('content-type')} ${await r.text()}`;
};
it('explore', async () => {
  const ids = h.gateway.simulator!.instanceIds();
  const cases: [string, string][] = [
    ['parse', JSON.stringify({ query: '{ ' })],
    ['validation', JSON.stringify({ query: '{ nope }' })],
    ['var type', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: { id: { a: 1 } } })],
    ['var missing', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: {} })],
    ['var bool', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: { id: true } })],
    ['unknown id', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: { id: "' OR 1=1 --" } })],
    ['null byte id', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: { id: "a\u0000b" } })],
    ['long id', JSON.stringify({ query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }', variables: { id: 'x'.repeat(10000) } })],
    ['opname mismatch', JSON.stringify({ query: 'query A { viewer { role } }', operationName: 'B' })],
    ['two ops no name', JSON.stringify({ query: 'query A { viewer { role } } query B { viewer { role } }' })],
    ['no query', JSON.stringify({ variables: {} })],
    ['query number', JSON.stringify({ query: 5 })],
    ['variables string', JSON.stringify({ query: '{ viewer { role } }', variables: 'abc' })],
    ['body array', JSON.stringify([{ query: '{ viewer { role } }' }])],
    ['body null', 'null'],
    ['body garbage', '{nope'],
    ['body empty', ''],
    ['extensions weird', JSON.stringify({ query: '{ viewer { role } }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } })],
    ['extensions string', JSON.stringify({ query: '{ viewer { role } }', extensions: 'x' })],
    ['deep', JSON.stringify({ query: '{ tenants { instances { session { me { id } } } } }' + '' })],
    ['too deep', JSON.stringify({ query: '{ ' + 'instances { session { me { id } } } '.repeat(1) + '__typename ' + '{ a: __typename }'.repeat(0) + '}' })],
    ['aliases', JSON.stringify({ query: '{ ' + Array.from({ length: 15 }, (_, i) => `a${i}: viewer { role }`).join(' ') + ' }' })],
    ['tokens', JSON.stringify({ query: '{ ' + Array.from({ length: 1500 }, () => `__typename`).join(' ') + ' }' })],
    ['mutation bad name', JSON.stringify({ query: 'mutation($n: String!) { createTenant(name: $n) { id } }', variables: { n: '' } })],
    ['ttl-ish', JSON.stringify({ query: 'query($x: Int) { viewer { role } }', variables: { x: 'NaN' } })],
    ['int huge', JSON.stringify({ query: 'query($x: Int) { viewer { role } }', variables: { x: 1e30 } })],
    ['subscription over POST', JSON.stringify({ query: 'subscription { sessionEvents { cursor } }' })],
    ['unauth', 'UNAUTH'],
    ['deep nesting', JSON.stringify({ query: '{ ' + 'tenants { '.repeat(20) + 'id' + ' }'.repeat(20) + ' }' })],
    ['pairing bad phone', JSON.stringify({ query: 'mutation($id: ID!, $p: String!) { requestPairingCode(instanceId: $id, phoneNumber: $p) { code } }', variables: { id: ids[0], p: 'abc' } })],
    ['surrogate', '{"query":"{ viewer { role } }","variables":{"x":"\\ud800"}}'],
    ['tenant bad id', JSON.stringify({ query: 'query($t: ID!) { tenant(id: $t) { id } }', variables: { t: "' OR 1=1 --" } })],
    ['tenant long id', JSON.stringify({ query: 'query($t: ID!) { tenant(id: $t) { id } }', variables: { t: "\u0000".repeat(10) } })],
    ['revoke weird', JSON.stringify({ query: 'mutation($t: ID!) { revokeApiKey(id: $t) }', variables: { t: "\u0000" } })],
    ['issue weird', JSON.stringify({ query: 'mutation($t: ID!) { issueApiKey(tenantId: $t) { id } }', variables: { t: "\u0000" } })],
    ['register weird', JSON.stringify({ query: 'mutation($t: ID!) { registerInstance(instanceId: $t) { instanceId } }', variables: { t: "../../etc/passwd" } })],
    ['register nul', JSON.stringify({ query: 'mutation($t: ID!) { registerInstance(instanceId: $t) { instanceId } }', variables: { t: "a\u0000" } })],
    ['createTenant nul', JSON.stringify({ query: 'mutation($n: String!) { createTenant(name: $n) { id } }', variables: { n: 'a\u0000b' } })],
    ['createInstance nul label', JSON.stringify({ query: 'mutation($n: String) { createInstance(label: $n) { instanceId } }', variables: { n: 'a\u0000b' } })],
    ['createInstance bad tenant', JSON.stringify({ query: 'mutation($n: ID) { createInstance(tenantId: $n) { instanceId } }', variables: { n: 'zzz' } })],
  ];
  for (const [name, body] of cases) {
    const key = name === 'unauth' ? null : h.adminKey;
    const b = name === 'unauth' ? JSON.stringify({ query: '{ viewer { role } }' }) : body;
    console.log(name, '=>', (await post(b, key)).slice(0, 600));
  }
  const g = async (qs: string, accept = 'application/json') => { const r = await fetch(`${h.url}/graphql?${qs}`, { headers: { accept, authorization: `Bearer ${h.adminKey}` }, signal: AbortSignal.timeout(3000) }); const reader = r.body!.getReader(); const chunk = await reader.read(); void reader.cancel(); return `${r.status} ${r.headers.get('content-type')} ${new TextDecoder().decode(chunk.value)}`; };
  console.log('GET ok', await g('query=' + encodeURIComponent('{ viewer { role } }')));
  console.log('GET mutation', await g('query=' + encodeURIComponent('mutation { createTenant(name: "x") { id } }')));
  console.log('GET vars bad', await g('query=' + encodeURIComponent('{ viewer { role } }') + '&variables=%7Bnope'));
  console.log('SSE', await g('query=' + encodeURIComponent('subscription($id: ID) { sessionEvents(instanceId: $id) { cursor __typename } }') + '&variables=' + encodeURIComponent(JSON.stringify({ id: ids[0] })), 'text/event-stream'));
  console.log('SSE bad id', await g('query=' + encodeURIComponent('subscription($id: ID) { sessionEvents(instanceId: $id) { cursor __typename } }') + '&variables=' + encodeURIComponent(JSON.stringify({ id: 'nope' })), 'text/event-stream'));
  console.log('SSE bad var', await g('query=' + encodeURIComponent('subscription($id: ID) { sessionEvents(instanceId: $id) { cursor __typename } }') + '&variables=' + encodeURIComponent(JSON.stringify({ id: {a:1} })), 'text/event-stream'));
  console.log('SSE parse', await g('query=' + encodeURIComponent('subscription {'), 'text/event-stream'));
  console.log('SSE after huge', await g('query=' + encodeURIComponent('subscription($id: ID, $a: String) { sessionEvents(instanceId: $id, after: $a) { cursor __typename } }') + '&variables=' + encodeURIComponent(JSON.stringify({ id: ids[0], a: '99999999999999999999' })), 'text/event-stream'));
  console.log('SSE after 15 digit', await g('query=' + encodeURIComponent('subscription($id: ID, $a: String) { sessionEvents(instanceId: $id, after: $a) { cursor __typename } }') + '&variables=' + encodeURIComponent(JSON.stringify({ id: ids[0], a: '999999999999999' })), 'text/event-stream').catch(e => String(e)));
  console.log('healthz', await (await fetch(`${h.url}/healthz`)).text());
});
