import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** One configuration key as the reference page shows it. */
export interface ConfigKey {
  name: string;
  /** Whether `AuthorizationServerConfig` accepts it (else a fixed default, not an option yet). */
  option: boolean;
  required: boolean;
  type: string;
  /** The source text of its value in `DEFAULTS`, or `null` when `DEFAULTS` has none. */
  defaultValue: string | null;
  unit: string | null;
  /** RFC and OpenID sections its documentation cites. */
  specs: string[];
  /** The members of an object default (`cors.maxAgeSeconds`), with their unit. */
  fields: { name: string; value: string; unit: string | null }[];
  /** The TSDoc of the option and of the default, in that order, without repeats. */
  docs: string[];
}

const core = new URL('../../packages/core/src/config/', import.meta.url);
export const DEFAULTS_FILE = fileURLToPath(new URL('defaults.ts', core));
export const SERVER_CONFIG_FILE = fileURLToPath(new URL('server-config.ts', core));

/** Options filled from a differently named default: `config.endpoints` from `endpointPaths`. */
export const DEFAULT_FOR_OPTION: Record<string, string> = { endpoints: 'endpointPaths' };

const SPEC = /\b(RFC \d{4}(?: \d+(?:\.\d+)*)?|OpenID Connect Core(?: 1\.0)? \d+(?:\.\d+)*)/g;

function docOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join('\n')
    .trim();
}

function unitOf(name: string, text: string): string | null {
  if (/Ms$/.test(name) || /\bin milliseconds\b/i.test(text)) return 'milliseconds';
  if (/Seconds$|ExpiresIn$/.test(name) || /\bin seconds\b/i.test(text)) return 'seconds';
  if (/Bytes$/.test(name) || /\bin (UTF-8 )?bytes\b/i.test(text)) return 'bytes';
  return null;
}

/**
 * Reads the one declaration of defaults (`DEFAULTS` in `defaults.ts`) and the options
 * interface (`AuthorizationServerConfig` in `server-config.ts`) with the TypeScript compiler,
 * so the reference is made from the code and cannot drift from it.
 */
export function readConfigKeys(): ConfigKey[] {
  const program = ts.createProgram([DEFAULTS_FILE, SERVER_CONFIG_FILE], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    noResolve: true,
    types: [],
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  type Default = { value: string; type: string; doc: string; fields: ConfigKey['fields'] };
  const defaults = new Map<string, Default>();
  const options = new Map<string, { type: string; required: boolean; doc: string }>();

  const defaultsFile = program.getSourceFile(DEFAULTS_FILE)!;
  ts.forEachChild(defaultsFile, function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'DEFAULTS') {
      let init = node.initializer!;
      while (ts.isAsExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (!ts.isObjectLiteralExpression(init)) throw new Error('DEFAULTS is not an object literal');
      for (const property of init.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        let value: ts.Expression = property.initializer;
        let type: string | null = null;
        if (ts.isAsExpression(value)) {
          type = value.type.getText();
          value = value.expression;
        }
        if (type === null) {
          const t = checker.getTypeAtLocation(property.name);
          type = checker.typeToString(checker.getBaseTypeOfLiteralType(t));
        }
        const fields = ts.isObjectLiteralExpression(value)
          ? value.properties.filter(ts.isPropertyAssignment).map((field) => ({
              name: `${property.name.getText()}.${field.name.getText()}`,
              value: field.initializer.getText(),
              unit: unitOf(field.name.getText(), ''),
            }))
          : [];
        defaults.set(property.name.getText(), {
          value: value.getText().replace(/\s+/g, ' ').replace(/, }/g, ' }'),
          type,
          doc: docOf(property),
          fields,
        });
      }
    }
    ts.forEachChild(node, visit);
  });

  const configFile = program.getSourceFile(SERVER_CONFIG_FILE)!;
  ts.forEachChild(configFile, (node) => {
    if (!ts.isInterfaceDeclaration(node) || node.name.text !== 'AuthorizationServerConfig') return;
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      options.set(member.name.getText(), {
        type: member.type.getText().replace(/\s+/g, ' '),
        required: member.questionToken === undefined,
        doc: docOf(member),
      });
    }
  });
  if (defaults.size === 0 || options.size === 0) {
    throw new Error('config reference: DEFAULTS or AuthorizationServerConfig not found');
  }

  const keys: ConfigKey[] = [];
  const used = new Set<string>();
  for (const [name, option] of options) {
    const defaultName = DEFAULT_FOR_OPTION[name] ?? name;
    const found = defaults.get(defaultName);
    if (found) used.add(defaultName);
    keys.push(entry(name, true, option.required, option.type, found, option.doc));
  }
  for (const [name, found] of defaults) {
    if (!used.has(name)) keys.push(entry(name, false, false, found.type, found, ''));
  }
  return keys;
}

function entry(
  name: string,
  option: boolean,
  required: boolean,
  type: string,
  found: { value: string; doc: string; fields: ConfigKey['fields'] } | undefined,
  optionDoc: string,
): ConfigKey {
  const docs = [...new Set([optionDoc, found?.doc ?? ''].filter((d) => d !== ''))];
  const text = docs.join(' ');
  return {
    name,
    option,
    required,
    type,
    defaultValue: found?.value ?? null,
    // An object's members carry their own units (`cors.maxAgeSeconds`).
    unit: found?.fields.length ? null : unitOf(name, text),
    specs: [...new Set(text.match(SPEC) ?? [])],
    docs,
    fields: found?.fields ?? [],
  };
}

const code = (s: string) => '`' + s + '`';

/** Renders the reference page (Markdown for VitePress). */
export function renderConfigReference(keys: readonly ConfigKey[]): string {
  const out = [
    '---',
    'outline: [2, 3]',
    '---',
    '',
    '<!-- Generated by docs/scripts/config-reference.ts from packages/core/src/config/defaults.ts',
    '     and the AuthorizationServerConfig interface: edit those, not this page. -->',
    '',
    '# Configuration reference',
    '',
    'Everything under `config` of `createAuthorizationServer({ ...stores, config })`. Every value',
    'is checked once, when the server is constructed: a mistake throws a `TypeError` naming the',
    'key (a misspelt key names the closest real one), never a failure at request time. Every',
    'default is declared once, in',
    '`packages/core/src/config/defaults.ts`,',
    'and this page is generated from it and from the TSDoc of `AuthorizationServerConfig`.',
    '',
    '## Options',
    '',
  ];
  const section = (key: ConfigKey) => {
    out.push(`### ${key.name}`, '');
    for (const doc of key.docs) out.push(doc, '');
    out.push(`- Type: ${code(key.type)}${key.required ? ' (required)' : ''}`);
    out.push(
      `- Default: ${key.defaultValue === null ? (key.required ? 'none, required' : 'not set (see above)') : code(key.defaultValue)}`,
    );
    for (const field of key.fields) {
      out.push(
        `  - ${code(field.name)}: ${code(field.value)}${field.unit ? ` (${field.unit})` : ''}`,
      );
    }
    if (key.unit) out.push(`- Unit: ${key.unit}`);
    if (key.specs.length > 0) out.push(`- Specification: ${key.specs.join(', ')}`);
    out.push('');
  };
  for (const key of keys.filter((k) => k.option)) section(key);
  out.push(
    '## Fixed defaults',
    '',
    'Declared in `DEFAULTS` and read by the server, but not options of',
    '`AuthorizationServerConfig` yet: the value below is what every server uses.',
    '',
  );
  for (const key of keys.filter((k) => !k.option)) section(key);
  return out.join('\n');
}
