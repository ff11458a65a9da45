import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importOptional } from './import-optional.js';

/**
 * Imports a module of the application by its path (relative to the working directory):
 * `.js`/`.mjs` natively, `.ts`/`.mts` natively where the runtime can, else through `tsx`
 * (an optional peer dependency: the error says to install it, or to point at the compiled
 * `.js`).
 */
export async function loadModule(path: string, what: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(resolve(path)).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (!/^\.[mc]?ts$/.test(extname(path)) || code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
  }
  const [tsx] = await importOptional<[{ tsImport(url: string, parent: string): Promise<unknown> }]>(
    ['tsx/esm/api'],
    `${what} in TypeScript (${path}; or give its compiled .js)`,
  );
  return (await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>;
}
