import { defineConfig } from 'vitest/config';

/** The tests of what replicas share: run on both buses (Postgres NOTIFY, then Redis). */
const REPLICA_SUITE = [
  'test/events/replicas.test.ts',
  'test/events/lease-takeover.test.ts',
  'test/events/tenant-isolation.test.ts',
  'test/events/revocation.test.ts',
  'test/events/reassignment.test.ts',
  'test/events/resume.test.ts',
  'test/events/notification-replicas.test.ts',
];

export default defineConfig({
  // Pothos and yoga load graphql's CommonJS entry through Node; without this alias our sources
  // would get its ESM entry through Vite, and graphql refuses types from "another module or realm".
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'schema', include: ['schema/src/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'gateway',
          include: ['gateway/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      './console/vitest.config.ts',
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The replica suite again with GATEWAY_BUS on the machine's Redis (test/utils/gateway-harness.ts).
        extends: true,
        test: {
          name: 'e2e-redis',
          include: REPLICA_SUITE,
          environment: 'node',
          env: { WAWP_TEST_BUS: 'redis://127.0.0.1:6379' },
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
