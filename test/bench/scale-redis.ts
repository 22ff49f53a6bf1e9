import { connect } from 'node:net';

/**
 * The names of the clients connected to the Redis at `url` (`CLIENT LIST`, read-only: nothing
 * is written, flushed or stopped), or null when it does not answer within `timeoutMs`.
 */
export function redisClientNames(url: string, timeoutMs = 2_000): Promise<string[] | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let data = Buffer.alloc(0);
    const done = (names: string[] | null) => {
      socket.destroy();
      resolve(names);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.once('connect', () => socket.write('CLIENT LIST\r\n'));
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const header = data.indexOf('\r\n');
      if (header < 0) {
        return;
      }
      if (data[0] !== 0x24) {
        done(null); // `-ERR …` or anything but a bulk string
        return;
      }
      const length = Number(data.subarray(1, header).toString());
      if (data.length < header + 2 + length) {
        return;
      }
      const text = data.subarray(header + 2, header + 2 + length).toString();
      done(text.split('\n').flatMap((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? []));
    });
  });
}
