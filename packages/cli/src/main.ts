import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClientCommand } from './client-command.js';
import { KEYS_USAGE, keysGenerateCommand } from './keys-command.js';
import { openStores } from './open-stores.js';
import { SCHEMA_TARGETS, type SchemaTarget, schemaFor } from './schema-command.js';

const USAGE = `Usage:
  oauthkit schema <${SCHEMA_TARGETS.join('|')}> [--out path]
      Prints (or writes) the oauthkit models for your ORM and the command that makes the migration.
  oauthkit client create [--client-id id] [--name text] [--redirect-uri uri]... [--grant-type type]...
                         [--response-type type]... [--scope "a b"] [--auth-method client_secret_basic|client_secret_post|none]
      Registers a client in the store chosen by OAUTHKIT_STORE (memory, sqlite, drizzle, prisma,
      redis, mongoose; default sqlite under .data/) and prints its id and secret once.`;

/** Console output of the CLI, injectable for tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** Runs the CLI; resolves the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'schema') return schema(rest, io);
    if (command === 'client' && rest[0] === 'create') return await client(rest.slice(1), io);
    if (command === 'keys' && rest[0] === 'generate')
      return await keysGenerateCommand(rest.slice(1), io);
    io.err(`${USAGE}\n${KEYS_USAGE}`);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  } catch (e) {
    io.err(`oauthkit: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof TypeError ? 2 : 1;
  }
}

function schema(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    options: { out: { type: 'string' } },
    allowPositionals: true,
  });
  const target = positionals[0];
  if (positionals.length !== 1 || !SCHEMA_TARGETS.includes(target as SchemaTarget)) {
    throw new TypeError(`schema needs one of: ${SCHEMA_TARGETS.join(', ')}`);
  }
  const { text, next } = schemaFor(target as SchemaTarget);
  if (values.out) {
    writeFileSync(values.out, text);
    io.err(`wrote ${values.out}\nnext: ${next}`);
  } else {
    io.out(text);
    io.err(`next: ${next}`);
  }
  return 0;
}

async function client(args: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'client-id': { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'grant-type': { type: 'string', multiple: true },
      'response-type': { type: 'string', multiple: true },
      scope: { type: 'string' },
      'auth-method': { type: 'string' },
    },
  });
  const { stores, kind, close } = await openStores(io.env);
  try {
    const grantTypes = values['grant-type'] ?? ['authorization_code', 'refresh_token'];
    const created = await createClientCommand(stores.clients, {
      clientId: values['client-id'],
      clientName: values.name,
      redirectUris: values['redirect-uri'] ?? [],
      grantTypes,
      responseTypes:
        values['response-type'] ?? (grantTypes.includes('authorization_code') ? ['code'] : []),
      scope: values.scope ?? '',
      authMethod: values['auth-method'] ?? 'client_secret_basic',
    });
    io.out(
      JSON.stringify(
        { client_id: created.clientId, client_secret: created.clientSecret, store: kind },
        null,
        2,
      ),
    );
    if (created.clientSecret)
      io.err('Save the client_secret now: the store keeps only its digest.');
    return 0;
  } finally {
    await close();
  }
}
