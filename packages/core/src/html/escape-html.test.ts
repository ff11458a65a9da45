import { describe, expect, test } from 'vitest';
import { escapeHtml } from './escape-html.js';

describe('escapeHtml', () => {
  const cases: [string, string][] = [
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ["' autofocus onfocus='x", '&#39; autofocus onfocus=&#39;x'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['plain é 文', 'plain é 文'],
  ];
  for (const [input, output] of cases) {
    test(JSON.stringify(input), () => expect(escapeHtml(input)).toBe(output));
  }

  test('no markup character survives, in any attribute quoting', () => {
    const all = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('');
    expect(escapeHtml(all)).not.toMatch(/[<>"']/);
  });
});
