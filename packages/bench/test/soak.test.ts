import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from '@oauthkit/reliability';
import { getServiceUrl } from '@oauthkit/store-tests';
import { Redis } from 'ioredis';
import { describe, expect, test } from 'vitest';
import { createSoakServer } from '../src/soak/create-soak-server.js';
import { formatSoakReport } from '../src/soak/format-soak-report.js';
import { runSoak } from '../src/soak/run-soak.js';
import { SOAK_STEPS } from '../src/soak/run-soak-cycle.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const redis = await getServiceUrl('redis', { docker: false });

// Each run starts tsx, which compiles the soak on the fly: on a loaded two-core machine that
// alone has taken over 30 s.
const CLI_TIMEOUT_MS = 120_000;

/** Runs `pnpm bench:soak` as a user would (through tsx), resolving its exit code and output. */
function soakCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        '--conditions=source',
        'packages/bench/src/soak/soak.ts',
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('soak', () => {
  test('in process: the full cycle against a listening server, no errors, every step measured', async () => {
    const server = await createSoakServer();
    try {
      const result = await withTimeout(
        runSoak({
          url: server.url,
          client: server.client,
          durationMs: 2_000,
          concurrency: 4,
          sampleEveryMs: 500,
          sampleMemory: async () => process.memoryUsage(),
        }),
        15_000,
        'soak',
      );
      expect([...result.tally.errors]).toEqual([]);
      expect(result.tally.cycles).toBeGreaterThan(10);
      // Loops finish the cycle they are in: every request belongs to a whole cycle.
      expect(result.tally.requests).toBe(result.tally.cycles * SOAK_STEPS.length);
      for (const step of SOAK_STEPS)
        expect(result.tally.latencies.get(step)?.length).toBeGreaterThan(10);
      expect(result.samples.length).toBeGreaterThanOrEqual(4);
      const report = formatSoakReport({ ...result, store: 'memory', concurrency: 4, gc: false });
      expect(report.text).toContain(`- Cycles: ${result.tally.cycles}`);
    } finally {
      await server.close();
    }
  });

  test('refuses anything but loopback', async () => {
    const sampleMemory = async () => process.memoryUsage();
    const client = { clientId: 'x', secret: 'y', redirectUri: 'http://127.0.0.1/cb' };
    await expect(
      runSoak({ url: 'http://example.com', client, durationMs: 1, sampleMemory }),
    ).rejects.toThrow(TypeError);
  });

  test.concurrent(
    'pnpm bench:soak: a short run on the memory store prints the report and exits 0',
    async () => {
      const { code, output } = await soakCli([
        '--minutes',
        '0.08',
        '--sample-seconds',
        '1',
        '--rate',
        '40',
      ]);
      expect(output).toContain('Store: memory; 16 concurrent loops paced at 40 cycles/s');
      expect(output).toContain('- Errors: 0 (none)');
      expect(output).toMatch(/\| 0 \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|/);
      expect(code, output).toBe(0);
    },
    CLI_TIMEOUT_MS,
  );

  const noRedis = 'skip' in redis;
  test('pnpm bench:soak --store redis: the same on Redis, and its keys are gone after', {
    concurrent: true,
    skip: noRedis,
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const args = [
      '--minutes',
      '0.08',
      '--sample-seconds',
      '1',
      '--store',
      'redis',
      '--concurrency',
      '4',
    ];
    const client = new Redis((redis as { url: string }).url);
    try {
      // Only this run's keys count: a run killed earlier may have left its own behind.
      const before = new Set(await client.keys('oauthkit:soak:*'));
      const { code, output } = await soakCli(args);
      expect(output).toContain('Store: redis; 4 concurrent loops');
      expect(output).toContain('- Errors: 0 (none)');
      expect(code, output).toBe(0);
      const left = (await client.keys('oauthkit:soak:*')).filter((k) => !before.has(k));
      expect(left).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test.concurrent(
    'pnpm bench:soak refuses unbounded or malformed arguments',
    async () => {
      const cases = [
        ['--minutes', '0'],
        ['--minutes', '500'],
        ['--store', 'mongo'],
        ['--concurrency', '0'],
      ];
      const runs = await Promise.all(cases.map(soakCli));
      for (const [i, { code, output }] of runs.entries()) {
        expect(code, cases[i]!.join(' ')).toBe(2);
        expect(output).toContain('usage: pnpm bench:soak');
      }
    },
    CLI_TIMEOUT_MS,
  );
});
