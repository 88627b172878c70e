// A loopback URL nobody listens on, for testing how clients handle ECONNREFUSED.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Binds a free port on `host`, closes it again and resolves with `http://<host>:<port>`: connecting there is
 * refused (ECONNREFUSED). Another process could take the port later, which is unlikely within a test.
 */
export async function refusedUrl(host = '127.0.0.1'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
