import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultTokenValueGenerator } from './bearer-token-generator.js';
import type { AccessTokenGeneratorOption, TokenValueGenerator } from './token-generator-option.js';

/**
 * Turns a generator option into a function: `true` is the built-in generator, a string
 * `"module#export"` is imported (once, at init), a function is used as it is.
 */
export async function loadGenerator(
  option: AccessTokenGeneratorOption | false,
  name: string,
): Promise<TokenValueGenerator | null> {
  if (option === false) return null;
  if (option === true) return defaultTokenValueGenerator;
  if (typeof option === 'function') return option;
  const hash = option.lastIndexOf('#');
  const specifier = option.slice(0, hash);
  const exportName = option.slice(hash + 1);
  // Relative paths name files of the application, so they resolve against its working
  // directory, not against this module.
  const target = /^\.{1,2}[\\/]/.test(specifier)
    ? pathToFileURL(resolve(process.cwd(), specifier)).href
    : specifier;
  let mod: Record<string, unknown>;
  try {
    mod = await import(target);
  } catch (cause) {
    throw new TypeError(`config.${name}: cannot import "${specifier}"`, { cause });
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function') {
    throw new TypeError(`config.${name}: "${specifier}" has no function export "${exportName}"`);
  }
  return fn as TokenValueGenerator;
}
