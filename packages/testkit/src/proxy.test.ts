import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFakeKie } from './server.js';
import { startConnectProxy } from './proxy.js';

describe('startConnectProxy', () => {
  it('tunnels CONNECT to the target and records it', async () => {
    const kie = await startFakeKie();
    const proxy = await startConnectProxy();
    try {
      const target = new URL(kie.url).host;
      const { port } = new URL(proxy.url);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\r\n\r\n') && !text.includes('GET')) {
            socket.write(
              `GET /api/v1/chat/credit HTTP/1.1\r\nHost: ${target}\r\nAuthorization: Bearer ${kie.apiKey}\r\nConnection: close\r\n\r\n`,
            );
          }
        });
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 200 Connection Established/);
      expect(reply).toContain('"data":100');
      expect(proxy.tunnels).toEqual([target]);
    } finally {
      await proxy.close();
      await kie.close();
    }
  });

  it('refuses plain proxied requests', async () => {
    const proxy = await startConnectProxy();
    try {
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const { port } = new URL(proxy.url);
        request({ host: '127.0.0.1', port, path: 'http://example.test/' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
          .on('error', reject)
          .end();
      });
      expect(status).toBe(405);
      expect(proxy.tunnels).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('with neverAnswer, records the CONNECT and never answers it', async () => {
    const proxy = await startConnectProxy({ neverAnswer: true });
    const { port } = new URL(proxy.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    try {
      socket.write('CONNECT api.kie.ai:443 HTTP/1.1\r\nHost: api.kie.ai:443\r\n\r\n');
      await expect.poll(() => proxy.tunnels).toEqual(['api.kie.ai:443']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toBe('');
    } finally {
      await proxy.close();
    }
    // Closing the proxy ends the connection it never answered.
    await closed;
    expect(received).toBe('');
  });
});
