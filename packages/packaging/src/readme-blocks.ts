/** A fenced TypeScript block of a Markdown file. */
export interface CodeBlock {
  /** 1-based line of the block's first code line in the Markdown file. */
  line: number;
  code: string;
  /** Why the block is not type-checked, from a `<!-- readme-check: skip <reason> -->` line. */
  skip?: string;
}

const SKIP = /^<!--\s*readme-check:\s*skip\s+(.*?)\s*-->\s*$/;

/**
 * The ```ts / ```typescript blocks of a Markdown file. A block that is a fragment (it uses
 * names defined elsewhere) is marked by the line right before its fence,
 * `<!-- readme-check: skip <reason> -->`; a marker without a reason is a `TypeError`, so every
 * skip says why.
 */
export function extractTsBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,})\s*(ts|typescript)\s*$/.exec(lines[i]!);
    if (!fence) continue;
    const close = new RegExp(`^\\s*${fence[2]}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    const marker = i > 0 ? lines[i - 1]!.trim() : '';
    const block: CodeBlock = { line: i + 2, code: lines.slice(i + 1, end).join('\n') };
    if (marker.startsWith('<!--') && marker.includes('readme-check')) {
      const reason = SKIP.exec(marker)?.[1];
      if (!reason) throw new TypeError(`line ${i}: a readme-check skip needs a reason`);
      block.skip = reason;
    }
    blocks.push(block);
    i = end;
  }
  return blocks;
}
