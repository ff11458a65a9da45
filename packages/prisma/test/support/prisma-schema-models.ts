/** A scalar field of a Prisma model, as far as oauthkit's schemas use them. */
export interface SchemaField {
  name: string;
  /** Prisma scalar type: String, DateTime, Json, ... */
  type: string;
  optional: boolean;
  /** The column name (`@map`, else the field name). */
  column: string;
  /** `@db.X(args)` without the `@db.` prefix, e.g. `Text`, `DateTime(3)`; null when absent. */
  nativeType: string | null;
  id: boolean;
  unique: boolean;
}

export interface SchemaModel {
  name: string;
  /** The table name (`@@map`, else the model name). */
  table: string;
  fields: SchemaField[];
  /** `@@index` column lists, by field name. */
  indexes: string[][];
}

const FIELD = /^(\w+)\s+(\w+)(\?)?((?:\s+@[\w.]+(?:\([^)]*\))?)*)\s*$/;
const ATTRIBUTE = /@([\w.]+)(?:\(([^)]*)\))?/g;

/**
 * The models of a Prisma schema, read with a deliberately small parser: it throws on any
 * construct it does not know (relations, defaults, enums), so that a schema change it cannot
 * check fails the drift tests instead of slipping past them.
 */
export function parseSchemaModels(schema: string): SchemaModel[] {
  const models: SchemaModel[] = [];
  const blocks = schema.matchAll(/^(model|enum|view|type)\s+(\w+)\s*\{([^}]*)\}/gm);
  for (const [, kind, name, body] of blocks) {
    if (kind !== 'model') throw new Error(`unsupported ${kind} ${name}`);
    const model: SchemaModel = { name: name!, table: name!, fields: [], indexes: [] };
    for (const raw of body!.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (line === '') continue;
      if (line.startsWith('@@')) readBlockAttribute(model, line);
      else model.fields.push(readField(model.name, line));
    }
    models.push(model);
  }
  return models;
}

function readField(model: string, line: string): SchemaField {
  const m = FIELD.exec(line);
  if (!m) throw new Error(`${model}: cannot read field line ${JSON.stringify(line)}`);
  const field: SchemaField = {
    name: m[1]!,
    type: m[2]!,
    optional: m[3] === '?',
    column: m[1]!,
    nativeType: null,
    id: false,
    unique: false,
  };
  for (const [, attribute, args] of (m[4] ?? '').matchAll(ATTRIBUTE)) {
    if (attribute === 'id') field.id = true;
    else if (attribute === 'unique') field.unique = true;
    else if (attribute === 'map') field.column = unquote(args);
    else if (attribute!.startsWith('db.')) {
      field.nativeType = attribute!.slice(3) + (args === undefined ? '' : `(${args})`);
    } else throw new Error(`${model}.${field.name}: unsupported attribute @${attribute}`);
  }
  return field;
}

function readBlockAttribute(model: SchemaModel, line: string): void {
  const m = /^@@(\w+)\((.*)\)$/.exec(line);
  if (m?.[1] === 'map') model.table = unquote(m[2]);
  else if (m?.[1] === 'index' && /^\[[\w\s,]+\]$/.test(m[2]!)) {
    model.indexes.push(
      m[2]!
        .slice(1, -1)
        .split(',')
        .map((s) => s.trim()),
    );
  } else throw new Error(`${model.name}: unsupported block attribute ${line}`);
}

function unquote(value: string | undefined): string {
  const m = /^"([^"]+)"$/.exec(value ?? '');
  if (!m) throw new Error(`expected a quoted name, got ${value}`);
  return m[1]!;
}

/** The `provider` of the schema's datasource block. */
export function datasourceProvider(schema: string): string {
  const m = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(schema);
  if (!m) throw new Error('no datasource provider in the schema');
  return m[1]!;
}
