import { DEFAULTS } from '@oauthkit/core';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_FOR_OPTION,
  readConfigKeys,
  renderConfigReference,
  SERVER_CONFIG_FILE,
} from '../scripts/config-reference.ts';

// The configuration reference is generated; these tests make sure the generator still sees
// every key, compared with the keys as the compiler and the runtime see them.

/** The keys of AuthorizationServerConfig as the type checker resolves them. */
function interfaceKeys(): string[] {
  const program = ts.createProgram([SERVER_CONFIG_FILE], {
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(SERVER_CONFIG_FILE)!;
  const declaration = file.statements
    .filter(ts.isInterfaceDeclaration)
    .find((d) => d.name.text === 'AuthorizationServerConfig')!;
  return checker
    .getPropertiesOfType(checker.getTypeAtLocation(declaration.name))
    .map((p) => p.name);
}

describe('the configuration reference page', () => {
  const page = renderConfigReference(readConfigKeys());
  const headings = [...page.matchAll(/^### (\S+)$/gm)].map((m) => m[1]!);
  const aliased = new Set(Object.values(DEFAULT_FOR_OPTION));

  test('has one section per key of AuthorizationServerConfig and of DEFAULTS, and no other', () => {
    const expected = new Set([
      ...interfaceKeys(),
      ...Object.keys(DEFAULTS).filter((key) => !aliased.has(key)),
    ]);
    expect(new Set(headings)).toEqual(expected);
    expect(headings).toHaveLength(expected.size);
  });

  test('lists exactly the keys of AuthorizationServerConfig as options', () => {
    const options = page.split('\n## Fixed defaults\n')[0]!;
    const listed = [...options.matchAll(/^### (\S+)$/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(interfaceKeys().sort());
  });

  test('every key of DEFAULTS is on the page, under its own name or its option', () => {
    for (const key of Object.keys(DEFAULTS)) {
      const option = Object.entries(DEFAULT_FOR_OPTION).find(([, d]) => d === key)?.[0];
      expect(headings, key).toContain(option ?? key);
    }
  });

  test('shows the value of every numeric default', () => {
    for (const [key, value] of Object.entries(DEFAULTS)) {
      if (typeof value !== 'number') continue;
      const section = page.split(`### ${key}\n`)[1]!.split('\n### ')[0]!;
      const shown = /- Default: `([\d_]+)`/.exec(section)?.[1]?.replaceAll('_', '');
      expect(Number(shown), key).toBe(value);
    }
  });

  test('gives a unit to every lifetime and size, nested ones included', () => {
    for (const key of readConfigKeys()) {
      if (/ExpiresIn$|Seconds$|Bytes$/.test(key.name)) expect(key.unit, key.name).not.toBeNull();
      for (const field of key.fields) {
        if (/Seconds$|Bytes$|Ms$/.test(field.name)) expect(field.unit, field.name).not.toBeNull();
      }
    }
  });
});
