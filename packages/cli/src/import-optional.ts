/**
 * Imports packages the CLI needs only for some stores (drivers, store packages). They are
 * optional peer dependencies, so an application installs only the ones of its own store;
 * when one is missing the error says which to install, every missing one at once.
 *
 * @example
 * const [pg] = await importOptional(['pg'], 'a PostgreSQL DATABASE_URL');
 */
export async function importOptional<T extends unknown[] = any[]>(
  names: string[],
  purpose: string,
): Promise<T> {
  const results = await Promise.allSettled(names.map((name) => import(name)));
  const missing = names
    .filter((name, i) => {
      const result = results[i]!;
      return result.status === 'rejected' && isNotFound(result.reason, packageOf(name));
    })
    .map(packageOf);
  if (missing.length > 0) {
    throw new TypeError(
      `${purpose} needs ${missing.join(', ')}: install ${missing.length > 1 ? 'them' : 'it'} with \`npm install ${missing.join(' ')}\``,
    );
  }
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as T;
}

/** The package a specifier belongs to: `drizzle-orm/pg-core` -> `drizzle-orm`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Only the package itself missing counts; a missing dependency of it is another error. */
function isNotFound(error: unknown, pkg: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && new RegExp(`['"]${escapeRegExp(pkg)}['"/]`).test(message);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
