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
