import { createServer, type RequestListener, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

/** The little of Pothos' `SchemaBuilder` used here (the test package has no types of it). */
interface Builder {
  queryType(options: {
    fields: (t: { string(options: { resolve: () => string }): unknown }) => Record<string, unknown>;
  }): void;
  toSchema(): unknown;
}

/** A running baseline server. */
export interface HelloServer {
  /** `http://127.0.0.1:port/graphql`. */
  graphqlUrl: string;
  stop(): Promise<void>;
}

// The test package does not depend on yoga or Pothos itself: load the gateway's and the schema's
// copies (CommonJS, so both share graphql's CommonJS module like the gateway does).
const fromGateway = createRequire(new URL('../../gateway/package.json', import.meta.url));
const fromSchema = createRequire(new URL('../../schema/package.json', import.meta.url));

/**
 * The query-path baseline: a plain graphql-yoga + Pothos server with one field,
 * `{ hello }`, on 127.0.0.1 and an ephemeral port, in this process (like the gateway).
 */
export async function startHelloServer(): Promise<HelloServer> {
  const { createYoga } = fromGateway('graphql-yoga') as {
    createYoga(options: {
      schema: unknown;
      logging: boolean;
      maskedErrors: boolean;
    }): RequestListener;
  };
  const { default: SchemaBuilder } = fromSchema('@pothos/core') as {
    default: new (options: object) => Builder;
  };
  const builder = new SchemaBuilder({});
  builder.queryType({ fields: (t) => ({ hello: t.string({ resolve: () => 'world' }) }) });
  const yoga = createYoga({ schema: builder.toSchema(), logging: false, maskedErrors: false });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
