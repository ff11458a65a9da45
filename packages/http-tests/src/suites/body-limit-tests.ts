import { expect, it } from 'vitest';
import { basic, clientToken, type SuiteContext, send, urlOf } from '../http-client.js';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** Bodies over `maxBodyBytes`: answered quickly, without hanging, and the server goes on. */
export function bodyLimitTests(ctx: () => SuiteContext): void {
  const oversized = () => `grant_type=client_credentials&pad=${'x'.repeat(64 * 1024)}`;

  it('refuses a body over the limit, declared by Content-Length, with 413 or 400', async () => {
    const { clientId, secret } = ctx().fixture.confidential;
    const response = await send(urlOf(ctx(), 'token'), {
      method: 'POST',
      headers: { ...FORM, Authorization: basic(clientId, secret) },
      body: oversized(),
    });
    expect([400, 413]).toContain(response.status);
    await response.arrayBuffer();
    expect(await clientToken(ctx())).toBeTruthy();
  });

  it('refuses a chunked body that grows over the limit (1 MiB) without hanging', async () => {
    const { clientId, secret } = ctx().fixture.confidential;
    const chunk = new TextEncoder().encode(`a=${'x'.repeat(16 * 1024 - 3)}&`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await send(urlOf(ctx(), 'token'), {
      method: 'POST',
      headers: { ...FORM, Authorization: basic(clientId, secret) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect([400, 413]).toContain(response.status);
    await response.arrayBuffer();
    expect(await clientToken(ctx())).toBeTruthy();
  });

  /** A chunked (no Content-Length) client_credentials body of exactly `size` bytes. */
  const chunkedForm = (size: number) => {
    const head = 'grant_type=client_credentials&scope=read&pad=';
    const bytes = new TextEncoder().encode(head + 'x'.repeat(size - head.length));
    let offset = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, offset + 1000));
        offset += 1000;
      },
    });
  };
  const sendChunked = (size: number) => {
    const { clientId, secret } = ctx().fixture.confidential;
    return send(urlOf(ctx(), 'token'), {
      method: 'POST',
      headers: { ...FORM, Authorization: basic(clientId, secret) },
      body: chunkedForm(size),
      duplex: 'half',
    } as RequestInit);
  };

  // SECURITY.md rule 30: the cap counts the bytes of a chunked body too, even when an app's
  // own body parser (with its larger limit) read it first.
  it('refuses a chunked body one byte over the cap, under any parser limit (rule 30)', async () => {
    const response = await sendChunked(ctx().fixture.server.config.maxBodyBytes + 1);
    expect([400, 413]).toContain(response.status);
    await response.arrayBuffer();
    expect(await clientToken(ctx())).toBeTruthy();
  });

  it('refuses a chunked body of twice the cap (rule 30)', async () => {
    const response = await sendChunked(2 * ctx().fixture.server.config.maxBodyBytes);
    expect([400, 413]).toContain(response.status);
    await response.arrayBuffer();
  });

  it('serves a chunked body at the cap exactly', async () => {
    const response = await sendChunked(ctx().fixture.server.config.maxBodyBytes);
    expect(response.status, await response.clone().text()).toBe(200);
    await response.arrayBuffer();
  });

  it('refuses an oversized consent POST instead of guessing the decision', async () => {
    const { fixture } = ctx();
    const response = await send(
      `${urlOf(ctx(), 'authorization')}?response_type=code&client_id=${fixture.public.clientId}`,
      {
        method: 'POST',
        headers: { ...FORM, 'x-test-user': 'alice' },
        body: `consent=allow&pad=${'x'.repeat(64 * 1024)}`,
      },
    );
    expect([400, 413]).toContain(response.status);
    expect(response.headers.get('location')).toBeNull();
  });
}
