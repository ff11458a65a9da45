import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractTsBlocks } from './readme-blocks.js';

/** The repository's root. */
export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

/** The root README's quick start: its `server.ts` and the shell lines before it. */
export function readQuickStart(): { server: string; shell: string[] } {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const server = extractTsBlocks(section)[0]?.code;
  const shell = /```sh\n([\s\S]*?)```/.exec(section)?.[1]?.trim().split('\n');
  if (!server || !shell) throw new Error('README.md: no quick start found');
  return { server, shell };
}
