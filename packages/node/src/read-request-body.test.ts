import { createServer } from 'node:http';
import { connect } from 'node:net';
import { listenOnLoopback, type RunningServer } from '@oauthkit/http-tests';
import { afterEach, describe, expect, it } from 'vitest';
import { type RequestBody, readRequestBody } from './read-request-body.js';

describe('readRequestBody', () => {
  let running: RunningServer | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });

  /** A server that reads each body with `limit` and reports what it read. */
  async function start(limit: number) {
    const results: (RequestBody | Error)[] = [];
    running = await listenOnLoopback(
      createServer(async (req, res) => {
        const body = await readRequestBody(req, limit).catch((e: Error) => e);
        results.push(body);
        if (body instanceof Error) return;
        const tooLarge = 'tooLarge' in body;
        res.writeHead(tooLarge ? 413 : 200, tooLarge ? { Connection: 'close' } : {});
        res.end(tooLarge ? '' : String(body.bytes.length));
      }),
    );
    return { baseUrl: running.baseUrl, results };
  }

  it('reads a body up to the limit, byte for byte', async () => {
    const { baseUrl, results } = await start(10);
    const response = await fetch(baseUrl, { method: 'POST', body: 'é=1234567' });
    expect(await response.text()).toBe('10');
    expect(Buffer.from((results[0] as { bytes: Uint8Array }).bytes).toString()).toBe('é=1234567');
  });

  it('refuses a declared Content-Length over the limit without buffering it', async () => {
    const { baseUrl, results } = await start(10);
    const response = await fetch(baseUrl, { method: 'POST', body: 'x'.repeat(100_000) });
    expect(response.status).toBe(413);
    expect(results).toEqual([{ tooLarge: true }]);
  });

  it('refuses a chunked body once it passes the limit, and the client still gets the answer', async () => {
    const { baseUrl, results } = await start(1_000);
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++chunks > 200) return controller.close();
        controller.enqueue(new Uint8Array(1_000));
      },
    });
    const response = await fetch(baseUrl, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(results).toEqual([{ tooLarge: true }]);
  });

  it('rejects when the client goes away mid-body', async () => {
    const { baseUrl, results } = await start(1_000);
    const { port } = new URL(baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\npartial');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await expect.poll(() => results.length).toBe(1);
    expect(results[0]).toBeInstanceOf(Error);
  });
});
