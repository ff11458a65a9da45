import { describe, expect, it } from 'vitest';
import { extractTsBlocks } from './readme-blocks.js';

describe('extractTsBlocks', () => {
  it('finds ts and typescript blocks with their line, and skips with their reason', () => {
    const md = [
      '# x',
      '```ts',
      'const a = 1;',
      '```',
      '```sh',
      'echo no',
      '```',
      '<!-- readme-check: skip a fragment: `db` is yours -->',
      '```typescript',
      'db.select();',
      '```',
    ].join('\n');
    expect(extractTsBlocks(md)).toEqual([
      { line: 3, code: 'const a = 1;' },
      { line: 10, code: 'db.select();', skip: 'a fragment: `db` is yours' },
    ]);
  });

  it('refuses a skip without a reason', () => {
    expect(() => extractTsBlocks('<!-- readme-check: skip -->\n```ts\nx\n```')).toThrow(TypeError);
  });
});
