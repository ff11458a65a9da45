import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const REPOSITORY_ROOT = join(import.meta.dirname, '../../..');

/** One row of SECURITY-RULES.md. */
export interface SecurityRuleRow {
  rule: number;
  requirement: string;
  status: 'enforced' | 'partly' | 'not implemented yet';
  testFile: string;
  test: string;
}

/** The rows of the table in SECURITY-RULES.md, in order. */
export function readSecurityRules(): SecurityRuleRow[] {
  const text = readFileSync(join(REPOSITORY_ROOT, 'SECURITY-RULES.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, line.trimEnd().length - 1)
        .split('|')
        .map((c) => c.trim());
      const [rule, requirement, status, testFile, test] = cells;
      return {
        rule: Number(rule),
        requirement: requirement!,
        status: status as SecurityRuleRow['status'],
        testFile: testFile!,
        test: test!,
      };
    });
}

/**
 * The title of rule `n`'s block in security-rules.test.ts: `rule N: <requirement>`, from the
 * list, so the two cannot drift apart.
 */
export function rule(n: number): string {
  const row = readSecurityRules().find((r) => r.rule === n);
  if (!row) throw new Error(`SECURITY-RULES.md has no rule ${n}`);
  return `rule ${n}: ${row.requirement}`;
}
