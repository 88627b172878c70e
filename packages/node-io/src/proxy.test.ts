import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { proxyAwareFetch } from './proxy.js';

/** A proxy that accepts every connection and never answers; counts the connections still open. */
async function silentProxy(): Promise<{ url: string; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    // Read (and drop) what arrives, so the client's close is seen.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('proxyAwareFetch', () => {
  it('is undefined without a proxy variable', async () => {
    expect(await proxyAwareFetch({})).toBeUndefined();
  });

  it("ends the proxy's CONNECT that a request's own abort leaves waiting, when the run's signal aborts", async () => {
    const proxy = await silentProxy();
    const run = new AbortController();
    try {
      const fetch = (await proxyAwareFetch({ HTTPS_PROXY: proxy.url }, { signal: run.signal }))!;
      const own = new AbortController();
      const request = fetch('https://kie.invalid/api/v1/chat/credit', { signal: own.signal });
      await expect.poll(proxy.open).toBe(1); // the CONNECT reached the proxy, which never answers
      own.abort(new Error('the request gives up'));
      await expect(request).rejects.toThrow();
      // The request gave up, yet undici still waits for the proxy to answer its CONNECT.
      expect(proxy.open()).toBe(1);
      run.abort(new Error('deadline'));
      await expect.poll(proxy.open).toBe(0);
      await expect(fetch('https://kie.invalid/')).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  });
});
