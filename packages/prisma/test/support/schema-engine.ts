import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Prisma's schema engine, compiled to WebAssembly, run in-process: the native engine the CLI
// would download is out of reach here. It needs a migration-aware driver adapter (it reads
// the server version through it) and Prisma's error-capturing wrapper around that adapter.
const require = createRequire(import.meta.url);

interface SchemaEngineModule {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: {
    new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<Engine>;
  };
}

interface Engine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

let loaded: Promise<SchemaEngineModule> | undefined;

function loadEngine(): Promise<SchemaEngineModule> {
  loaded ??= (async () => {
    const bgPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bg = (await import(bgPath)) as SchemaEngineModule;
    const bytes = readFileSync(bgPath.replace(/\.js$/, '.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, {
      './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return loaded;
}

/** The adapter factories of @prisma/adapter-pg and @prisma/adapter-better-sqlite3 fit. */
export interface MigrationAwareAdapterFactory {
  connect(): Promise<unknown>;
  connectToShadowDb(): Promise<unknown>;
}

/**
 * The SQL `prisma migrate diff --from-empty --to-schema <schema> --script` prints: what a
 * first migration for this schema must contain.
 */
export async function diffFromEmpty(
  schema: string,
  adapter: MigrationAwareAdapterFactory,
): Promise<string> {
  const { SchemaEngine } = await loadEngine();
  // Resolved from the adapter so that it is the very version the adapter was built with.
  const adapterUtils = require(
    createRequire(require.resolve('@prisma/adapter-pg')).resolve('@prisma/driver-adapter-utils'),
  ) as { bindMigrationAwareSqlAdapterFactory(factory: object): object };
  const files = [{ path: 'schema.prisma', content: schema }];
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    () => {},
    adapterUtils.bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    const result = await engine.diff({
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (result.stdout === null) throw new Error('the schema engine returned no script');
    return result.stdout;
  } finally {
    engine.free();
  }
}
