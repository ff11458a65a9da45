import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { repositoryRoot } from './quick-start.js';

/**
 * `tsc --build` of the workspace (incremental: nothing to do after `pnpm typecheck`), one at
 * a time across test workers: two builds writing the same `dist/` at once could leave it
 * half-written. The lock is a directory; one older than five minutes is left over from a
 * killed run and is taken over.
 */
export async function buildWorkspace(): Promise<void> {
  const lock = join(repositoryRoot, 'node_modules', '.oauthkit-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmSync(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    await promisify(execFile)(process.execPath, [
      join(repositoryRoot, 'node_modules/typescript/bin/tsc'),
      '--build',
      join(repositoryRoot, 'tsconfig.json'),
    ]);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
