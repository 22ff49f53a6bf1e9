/**
 * @private The PostgreSQL every test that needs a real server shares (`TEST_DATABASE_URL`, else
 * the machine's local one); each test isolates itself in a schema of its own.
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
