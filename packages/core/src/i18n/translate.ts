import { de } from './de.js';
import { type Catalog, en } from './en.js';
import { fr } from './fr.js';

/** Values for the `{name}` placeholders of a message. */
export type MessageParams = Record<string, string>;

/**
 * Your own translations: return a template for `key` in `locale`, or `undefined` to fall
 * back to the built-in catalogs. Templates use `{name}` placeholders.
 */
export type TranslateHook = (key: string, locale: string) => string | undefined;

const catalogs: Record<string, Catalog> = { en, fr, de };

/** Locales with a built-in catalog. */
export const builtInLocales = Object.keys(catalogs);

/**
 * Renders a description key in the first supported locale. A key that is no catalog's key
 * is taken as literal text (descriptions an application passes itself).
 */
export function translate(
  key: string,
  params: MessageParams,
  locales: readonly string[],
  hook?: TranslateHook,
): string {
  let template: string | undefined;
  for (const locale of locales) {
    template = hook?.(key, locale) ?? (catalogs[locale] as Record<string, string>)?.[key];
    if (template !== undefined) break;
  }
  template ??= hook?.(key, 'en') ?? (en as Record<string, string>)[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}

/**
 * The languages of an `Accept-Language` header, best first, reduced to primary tags
 * (`fr-CA` -> `fr`); `q=0` entries are dropped. Malformed input yields `[]`.
 */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header || header.length > 512) return [];
  const ranked: { tag: string; q: number; i: number }[] = [];
  header.split(',').forEach((part, i) => {
    const [range, ...rest] = part.trim().split(';');
    const tag = range?.trim().toLowerCase().split('-')[0];
    if (!tag || !/^[a-z]{1,8}$/.test(tag)) return;
    const qParam = rest.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!(q > 0)) return;
    ranked.push({ tag, q, i });
  });
  ranked.sort((a, b) => b.q - a.q || a.i - b.i);
  return [...new Set(ranked.map((r) => r.tag))];
}
