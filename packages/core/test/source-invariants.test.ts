import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

// Rules that a behavioural test cannot see (a `===` on a secret answers correctly, only in
// time that leaks; Math.random tokens look random), checked on the source itself with the
// TypeScript parser. SECURITY.md rules 14, 21 and 25.

const ROOT = join(import.meta.dirname, '../../..');

/** Every non-test TypeScript source file under `packages/<name>/src`. */
function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (['node_modules', 'dist', 'generated'].includes(name)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name)) files.push(path);
    }
  };
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const src = join(ROOT, 'packages', pkg, 'src');
    if (statSync(src, { throwIfNoEntry: false })?.isDirectory()) walk(src);
  }
  return files.map((f) => relative(ROOT, f)).sort();
}

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string, text?: string): ts.SourceFile {
  if (text !== undefined) return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let sf = parsed.get(file);
  if (!sf) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

function nodes(root: ts.Node): ts.Node[] {
  const all: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    all.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return all;
}

const where = (sf: ts.SourceFile, n: ts.Node) =>
  `${sf.fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${n.getText()}`;

/** `Math.random` uses. */
export function mathRandomUses(sf: ts.SourceFile): string[] {
  return [...nodes(sf)]
    .filter(
      (n) =>
        ts.isPropertyAccessExpression(n) &&
        n.name.text === 'random' &&
        ts.isIdentifier(n.expression) &&
        n.expression.text === 'Math',
    )
    .map((n) => where(sf, n));
}

// A value is secret-like when its name ends like one: client secrets, PKCE verifiers and
// challenges, passwords (and calls such as digestSecret(...) or s256Challenge(...)).
const SECRET_NAME = /(secret|verifier|password|challenge)$/i;
const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function nameOf(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteral(e.argumentExpression)) {
    return e.argumentExpression.text;
  }
  if (ts.isCallExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e)) {
    return nameOf(e.expression);
  }
  return null;
}

/** A side that makes the comparison a presence or type check, not a value comparison. */
function isConstant(e: ts.Expression): boolean {
  return (
    e.kind === ts.SyntaxKind.NullKeyword ||
    e.kind === ts.SyntaxKind.TrueKeyword ||
    e.kind === ts.SyntaxKind.FalseKeyword ||
    (ts.isIdentifier(e) && e.text === 'undefined') ||
    ts.isStringLiteralLike(e) ||
    ts.isNumericLiteral(e) ||
    ts.isTypeOfExpression(e)
  );
}

/** `===`/`!==`/`==`/`!=` between a secret-like value and anything but a constant. */
export function secretEqualities(sf: ts.SourceFile): string[] {
  return [...nodes(sf)]
    .filter(
      (n): n is ts.BinaryExpression =>
        ts.isBinaryExpression(n) &&
        EQUALITY.has(n.operatorToken.kind) &&
        !isConstant(n.left) &&
        !isConstant(n.right) &&
        [n.left, n.right].some((side) => SECRET_NAME.test(nameOf(side) ?? '')),
    )
    .map((n) => where(sf, n));
}

/**
 * Whether the branch taken for an unknown client (`if (!client) { ... throw }`) spends a
 * secret comparison before it throws, as the known-client branch does.
 */
export function unknownClientBranchCompares(sf: ts.SourceFile): boolean {
  const branches = [...nodes(sf)].filter(
    (n): n is ts.IfStatement =>
      ts.isIfStatement(n) &&
      ts.isPrefixUnaryExpression(n.expression) &&
      n.expression.operator === ts.SyntaxKind.ExclamationToken &&
      ts.isIdentifier(n.expression.operand) &&
      n.expression.operand.text === 'client',
  );
  return (
    branches.length > 0 &&
    branches.every((branch) =>
      [...nodes(branch.thenStatement)].some(
        (n) =>
          ts.isCallExpression(n) &&
          ['constantTimeEqual', 'checkClientSecret'].includes(nameOf(n.expression) ?? ''),
      ),
    )
  );
}

// Helpers of the test and benchmark tooling (which compare what they sent with what they meant
// to send) and the benchmark's stand-in servers: no code path of the library runs them.
const NOT_SERVED = [
  'packages/bench/',
  'packages/reliability/',
  'packages/http-tests/',
  'packages/store-tests/',
];
// Retry jitter after a database conflict: no secret, and no attacker gains from guessing it.
// (crypto.randomInt would do as well; these two lines are all that stand in the way.)
describe('source invariants (SECURITY.md rules 14, 21, 25)', () => {
  const files = sourceFiles();

  test('the sources are found', () => {
    expect(files).toContain('packages/core/src/grants/pkce.ts');
    expect(files.length).toBeGreaterThan(100);
  });

  test('rule 25: no Math.random in any package source (tokens come from node:crypto)', () => {
    // No exception: even the retry jitter of the SQL stores uses node:crypto's randomInt.
    expect(files.flatMap((f) => mathRandomUses(parse(f)))).toEqual([]);
  });

  test('rules 14, 21: secrets, verifiers and challenges are never compared with === or !==', () => {
    const served = files.filter((f) => !NOT_SERVED.some((p) => f.startsWith(p)));
    expect(served.flatMap((f) => secretEqualities(parse(f)))).toEqual([]);
  });

  test('rule 19: an unknown client still costs a secret comparison', () => {
    expect(
      unknownClientBranchCompares(parse('packages/core/src/client-auth/authenticate-client.ts')),
    ).toBe(true);
  });

  // The checks themselves, on code that breaks each rule.
  test('each check catches the broken form', () => {
    const broken = (text: string) => parse('broken.ts', text);
    expect(mathRandomUses(broken('const t = Math.random().toString(36);'))).toHaveLength(1);
    for (const text of [
      'if (verifier !== record.codeChallenge) fail();',
      'ok = s256Challenge(verifier) === challenge;',
      'ok = digestSecret(secret) == record.clientSecretDigest;',
      "ok = credentials['secret'] === stored;",
      'ok = password! === user.password;',
    ]) {
      expect(secretEqualities(broken(text)), text).toHaveLength(1);
    }
    for (const text of [
      'if (verifier === undefined) fail();',
      'if (record.codeChallenge === null) x();',
      "if (typeof secret !== 'string') x();",
    ]) {
      expect(secretEqualities(broken(text)), text).toEqual([]);
    }
    expect(unknownClientBranchCompares(broken('if (!client) { throw fail(); }'))).toBe(false);
    expect(
      unknownClientBranchCompares(
        broken("if (!client) { constantTimeEqual(s ?? '', id); throw fail(); }"),
      ),
    ).toBe(true);
  });
});
