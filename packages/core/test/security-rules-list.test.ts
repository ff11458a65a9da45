import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPOSITORY_ROOT, readSecurityRules } from './security-rules-list.js';

describe('SECURITY-RULES.md', () => {
  const rows = readSecurityRules();

  test('lists every rule 1-42 once, in order, with a known status', () => {
    expect(rows.map((r) => r.rule)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    for (const row of rows) {
      expect(['enforced', 'partly', 'not implemented yet'], `rule ${row.rule}`).toContain(
        row.status,
      );
      expect(row.requirement, `rule ${row.rule}`).not.toBe('');
    }
  });

  const titleIn = (source: string, title: string) =>
    ["'", '"', '`'].some((q) => source.includes(`${q}${title}${q}`)) ||
    source.includes(JSON.stringify(title));

  for (const row of rows.filter((r) => r.status !== 'not implemented yet')) {
    test(`rule ${row.rule} names a test that exists`, () => {
      const path = join(REPOSITORY_ROOT, row.testFile);
      expect(existsSync(path), row.testFile).toBe(true);
      const source = readFileSync(path, 'utf8');
      // A block of security-rules.test.ts is titled from this list through rule(N).
      const fromList =
        row.test === `rule ${row.rule}: ${row.requirement}` &&
        new RegExp(`describe\\(rule\\(${row.rule}\\)`).test(source);
      expect(fromList || titleIn(source, row.test), `${row.testFile}: ${row.test}`).toBe(true);
    });
  }

  test('a rule not implemented yet names no test', () => {
    for (const row of rows.filter((r) => r.status === 'not implemented yet')) {
      expect([row.testFile, row.test], `rule ${row.rule}`).toEqual(['', '']);
    }
  });
});
