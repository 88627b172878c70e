// A forwarding proxy for tests of proxy support (HTTPS_PROXY/HTTP_PROXY): it tunnels CONNECT requests and records
// where each tunnel went, so a test can tell whether a client really used the proxy. Or, with `neverAnswer`, a proxy
// that accepts every connection and never answers, to test that a client's deadline covers the proxy too.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A running CONNECT proxy on loopback. */
export interface ConnectProxy {
  /** `http://127.0.0.1:<port>`, for HTTP_PROXY/HTTPS_PROXY. */
  url: string;
  /** `host:port` of every tunnel opened, in order (a live array; empty it between checks). */
  tunnels: string[];
  /** Stops the proxy and closes its open tunnels. */
  close(): Promise<void>;
}

/** Options of {@link startConnectProxy}. */
export interface ConnectProxyOptions {
  /**
   * Accept every connection and request (CONNECT included, still recorded in `tunnels`) and never answer: the
   * connection stays open until the client gives up or the proxy closes.
   */
  neverAnswer?: boolean;
}

/** Starts a CONNECT proxy on 127.0.0.1 (ephemeral port). Plain proxied requests get 405. */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    if (!options.neverAnswer) res.writeHead(405).end();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req, socket: Socket, head: Buffer) => {
    const target = req.url ?? '';
    tunnels.push(target);
    if (options.neverAnswer) {
      // Read (and drop) what the client sends, so its close is seen; answer nothing.
      socket.on('error', () => undefined).resume();
      return;
    }
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
