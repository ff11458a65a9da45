import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DOCS_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = join(DOCS_ROOT, '..');

// Generated at build time (`api/` by TypeDoc from the TSDoc, whose examples are fragments of
// the documented code; `reference/` from the defaults), or not pages at all.
const NOT_WRITTEN_PAGES = new Set(['node_modules', 'api', 'reference', '.vitepress', 'test']);

/** Every hand-written Markdown page of the site, as `[path below docs/, text]`. */
export function markdownPages(): [string, string][] {
  const pages: [string, string][] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NOT_WRITTEN_PAGES.has(entry.name) || entry.name.startsWith('.code-blocks')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) {
        pages.push([relative(DOCS_ROOT, path), readFileSync(path, 'utf8')]);
      }
    }
  };
  walk(DOCS_ROOT);
  return pages.sort(([a], [b]) => a.localeCompare(b));
}

/** A fenced TypeScript block of a page. */
export interface CodeBlock {
  page: string;
  /** Line of the page where the code starts (after the fence). */
  line: number;
  code: string;
  /** Set when the block's first line is `// not type-checked: <reason>`. */
  skipReason: string | null;
}

/** The ```ts (or ```typescript) blocks of every hand-written page. */
export function codeBlocks(): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const [page, text] of markdownPages()) {
    for (const match of text.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```$/gm)) {
      const code = match[1]!;
      const line = text.slice(0, match.index).split('\n').length + 1;
      const skip = /^\/\/ not type-checked: (.*)$/m.exec(code.split('\n')[0] ?? '');
      blocks.push({ page, line, code, skipReason: skip ? skip[1]!.trim() : null });
    }
  }
  return blocks;
}
