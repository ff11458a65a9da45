import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// @ts-expect-error: a plain script without declarations; its exports are typed below.
import * as generator from '../../scripts/generate-clients.mjs';
import type {
  OauthPushedRequestDelegate,
  OauthReplayIdDelegate,
  PrismaClientLike,
} from '../../src/index.js';

export type Provider = 'postgresql' | 'mysql' | 'sqlite';

const { generate, isFresh, outputDir } = generator as {
  generate(provider: Provider): void;
  isFresh(provider: Provider): boolean;
  outputDir(provider: Provider): string;
};

/** A generated PrismaClient, as the tests use it. */
export type TestPrismaClient = PrismaClientLike & {
  oauthReplayId: OauthReplayIdDelegate;
  oauthPushedRequest: OauthPushedRequestDelegate;
  $disconnect(): Promise<void>;
};

export interface GeneratedClientModule {
  PrismaClient: new (options: { adapter: unknown }) => TestPrismaClient;
}

/**
 * Imports the client generated from `provider`'s schema, generating it first when it is
 * missing or older than the schema (a fresh clone installed with --ignore-scripts, or a
 * schema edit). Test files running at once share one generation through a lock directory.
 */
export async function importGeneratedClient(provider: Provider): Promise<GeneratedClientModule> {
  await ensureGeneratedClient(provider);
  return (await import(join(outputDir(provider), 'client.ts'))) as GeneratedClientModule;
}

/** Generates `provider`'s client unless it is there and made from the current schema. */
export async function ensureGeneratedClient(provider: Provider): Promise<void> {
  const lock = join(outputDir(provider), '..', `.${provider}.lock`);
  mkdirSync(dirname(lock), { recursive: true });
  for (let waited = 0; !isFresh(provider); waited += 100) {
    try {
      mkdirSync(lock, { recursive: false });
    } catch {
      if (waited > 120_000) throw new Error(`${lock} held for 2 minutes: delete it and retry`);
      await sleep(100);
      continue;
    }
    try {
      if (!isFresh(provider)) generate(provider);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
