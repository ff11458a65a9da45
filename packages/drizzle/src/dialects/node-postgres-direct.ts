import { Column, entityKind, is, Placeholder } from 'drizzle-orm';

/** What is used of a node-postgres `Pool` or `Client`: its `query` with a config object. */
interface PgQueryable {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
    rowMode?: 'array';
    types: { getTypeParser(oid: number): (text: string) => unknown };
  }): Promise<{ rows: unknown[] }>;
}

/** A statement sent straight to node-postgres: runs it with the placeholders' values. */
export type DirectStatement = (values: Record<string, unknown>) => Promise<unknown>;

/**
 * Sends the hot-path statements drizzle built straight to node-postgres, skipping the work
 * drizzle's prepared statement repeats on every call (placeholder filling, result mapping
 * through generic helpers, error wrapping). Only the text, the order of the parameters and
 * the selected columns come from drizzle, read once.
 */
export interface NodePostgresDirect {
  /**
   * The direct form of a query builder's prepared statement (`prepared`, from its
   * `.prepare(name)`): its rows decoded as drizzle decodes them (property names, each
   * column's own type), or, with no selected columns, the driver's result. Undefined where
   * the statement has anything this does not reproduce exactly.
   */
  prepared(prepared: unknown): DirectStatement | undefined;
  /**
   * The direct form of raw SQL text and parameters (as `sqlToQuery` gives them): its rows as
   * objects keyed by column name, values as drizzle's node-postgres driver gives them to
   * `mapFromDriverValue` (timestamps as text).
   */
  raw(
    query: { sql: string; params: unknown[] },
    name: string | undefined,
  ): DirectStatement | undefined;
}

/**
 * The direct path over `db`, when it is drizzle's node-postgres database (its session is
 * drizzle's `NodePgSession`, with no logger or cache, which the direct path would bypass);
 * undefined for any other driver (postgres.js, PGlite, Neon...), which keeps drizzle's path.
 */
export function nodePostgresDirect(db: unknown): NodePostgresDirect | undefined {
  const session = (db as { _?: { session?: Record<string, unknown> } } | null)?._?.session;
  if (
    !hasEntityKind(session, 'NodePgSession') ||
    !hasEntityKind(session!['logger'], 'NoopLogger') ||
    !hasEntityKind(session!['cache'], 'NoopCache')
  ) {
    return undefined;
  }
  const client = session!['client'] as PgQueryable | undefined;
  if (client !== (db as { $client?: unknown }).$client || typeof client?.query !== 'function') {
    return undefined;
  }
  return {
    prepared(prepared) {
      const p = prepared as Record<string, unknown>;
      const config = p['queryConfig'] as { name?: unknown } | undefined;
      const slots = slotsOf(p['params']);
      if (
        !slots ||
        typeof p['queryString'] !== 'string' ||
        p['customResultMapper'] !== undefined ||
        (config?.name !== undefined && typeof config.name !== 'string')
      ) {
        return undefined;
      }
      const text = p['queryString'];
      const name = config?.name as string | undefined;
      const fields = p['fields'];
      if (fields === undefined) {
        return (values) =>
          client.query({ name, text, values: bind(slots, values), types: DRIVER_TYPES });
      }
      const decode = arrayRowDecoder(fields);
      if (!decode) return undefined;
      return (values) =>
        client
          .query({ name, text, values: bind(slots, values), rowMode: 'array', types: DRIVER_TYPES })
          .then((result) => (result.rows as unknown[][]).map(decode));
    },
    raw(query, name) {
      const slots = slotsOf(query.params);
      if (!slots) return undefined;
      const text = query.sql;
      return (values) =>
        client.query({ name, text, values: bind(slots, values), types: DRIVER_TYPES });
    },
  };
}

/** Whether `value` is an instance of the drizzle class of that entity kind (or a subclass). */
function hasEntityKind(value: unknown, kind: string): boolean {
  if (!value || typeof value !== 'object') return false;
  for (let c = value.constructor; c; c = Object.getPrototypeOf(c)) {
    if ((c as unknown as Record<symbol, unknown>)[entityKind] === kind) return true;
  }
  return false;
}

/** A parameter: a placeholder's name, or a value drizzle already put in the statement. */
type Slot = { name: string } | { value: string | number | boolean | null };

/**
 * The parameters of a statement, in order: each a placeholder or a plain value (a `limit`).
 * Undefined if any is anything else (a value drizzle would still encode).
 */
function slotsOf(params: unknown): Slot[] | undefined {
  if (!Array.isArray(params)) return undefined;
  const slots: Slot[] = [];
  for (const param of params) {
    if (is(param, Placeholder)) slots.push({ name: param.name });
    else if (param === null || ['string', 'number', 'boolean'].includes(typeof param)) {
      slots.push({ value: param as string | number | boolean | null });
    } else return undefined;
  }
  return slots;
}

/** The parameter values: dates as ISO text, as the dialect sends them through drizzle. */
function bind(slots: Slot[], values: Record<string, unknown>): unknown[] {
  const bound = new Array<unknown>(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const value = 'name' in slot ? values[slot.name] : slot.value;
    bound[i] = value instanceof Date ? value.toISOString() : value;
  }
  return bound;
}

/**
 * Decodes an array-mode row into what drizzle's select gives: each selected column under its
 * property name, NULL as null, anything else through the column's `mapFromDriverValue`.
 * Undefined unless every field is a column at the top level (no joins, no nested objects).
 */
function arrayRowDecoder(
  fields: unknown,
): ((row: unknown[]) => Record<string, unknown>) | undefined {
  if (!Array.isArray(fields)) return undefined;
  const keys: string[] = [];
  const columns: Column[] = [];
  for (const field of fields as { path?: unknown; field?: unknown }[]) {
    const path = field?.path;
    if (!Array.isArray(path) || path.length !== 1 || typeof path[0] !== 'string') return undefined;
    if (!is(field.field, Column)) return undefined;
    keys.push(path[0]);
    columns.push(field.field);
  }
  return (row) => {
    const decoded: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = row[i];
      decoded[keys[i]!] =
        value === null || value === undefined ? null : columns[i]!.mapFromDriverValue(value);
    }
    return decoded;
  };
}

const asText = (text: string) => text;
const asBoolean = (text: string) => text === 't';
const asInteger = (text: string) => Number.parseInt(text, 10);

/**
 * Values as the text the server sends, for the columns' own `mapFromDriverValue` (as drizzle
 * gets timestamps; a JSON column parses its text), whatever type parsers the application
 * registered with node-postgres; booleans and small integers (`won`, `1`) as drizzle's driver
 * gives them to raw SQL.
 */
const DRIVER_TYPES = {
  getTypeParser: (oid: number) =>
    oid === 16 ? asBoolean : oid === 21 || oid === 23 ? asInteger : asText,
};
