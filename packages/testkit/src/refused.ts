// A loopback URL nobody listens on, for testing how clients handle ECONNREFUSED.
import { connect } from 'node:net';

/**
 * Resolves with `http://<host>:<port>` where connecting is refused (ECONNREFUSED), checked by connecting. The port
 * is below the ephemeral ranges (Linux 32768–60999, macOS and Windows 49152–65535) that servers listening on port 0
 * are given, so a test suite running beside it cannot take the port between the check and the use.
 */
export async function refusedUrl(host = '127.0.0.1'): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (await refuses(host, port)) return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  throw new Error(`No refused port found on ${host} between 20000 and 30000.`);
}

function refuses(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}
