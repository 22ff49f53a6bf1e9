/** The `{ hello }` baseline server as a process of its own: prints `ready <url>`, runs until killed. */
import { startHelloServer } from './hello-server';

const server = await startHelloServer();
process.stdout.write(`ready ${server.graphqlUrl}\n`);
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
