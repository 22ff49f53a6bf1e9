/** Baseline (a), the plain yoga server, as a process of its own: prints `ready <url>`, runs until killed. */
import { startPlainYogaServer } from './plain-yoga-server';

const server = await startPlainYogaServer();
process.stdout.write(`ready ${server.url}\n`);
process.on('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
