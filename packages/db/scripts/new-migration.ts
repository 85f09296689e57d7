// Writes the next prisma/migrations/NNNN_<name>/migration.sql as the difference between
// what the committed migrations build and prisma/schema.prisma.
//
//   pnpm --filter @switchyard/db migration:new <name>   create the next migration
//   pnpm --filter @switchyard/db migration:new --check  exit 1 if the schema has drifted
//
// Why Prisma 6: no npm package ships Prisma's native schema engine and its download host
// is unreachable here. Prisma 6.19's CLI carries a WASM schema engine, used when its config
// says `engine: "js"` with a driver adapter. The adapter is PGlite in memory, so replaying
// the committed migrations into a shadow database needs no PostgreSQL server.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const repoRoot = join(packageDir, "..", "..");
const schemaPath = join(repoRoot, "prisma", "schema.prisma");
const migrationsDir = join(repoRoot, "prisma", "migrations");
const emptyMarker = "-- This is an empty migration.";

/** Prisma 6 rejects a datasource without `url`, and needs no generator to diff. */
export function prisma6Schema(schema: string): string {
  const withoutGenerator = schema.replace(/^generator\s+\w+\s*\{[^}]*\}\s*/m, "");
  const withUrl = withoutGenerator.replace(
    /(datasource\s+\w+\s*\{[^}]*provider\s*=\s*"postgresql")/,
    '$1\n  url      = env("DATABASE_URL")',
  );
  if (withUrl === withoutGenerator) throw new Error("schema.prisma: no postgresql datasource block found");
  return withUrl;
}

export function migrationDirectories(): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

function prisma6Cli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("prisma6/package.json")), "build", "index.js");
}

function writeConfig(workDir: string, tempSchema: string): string {
  // The config is loaded from a temp dir, so imports must be absolute file URLs.
  const adapterUrl = import.meta.resolve("pglite-prisma-adapter");
  const pgliteUrl = import.meta.resolve("@electric-sql/pglite");
  const configPath = join(workDir, "prisma.config.mjs");
  writeFileSync(
    configPath,
    `import { PrismaPGlite } from ${JSON.stringify(adapterUrl)};
import { PGlite } from ${JSON.stringify(pgliteUrl)};
// Each connection gets its own in-memory database, created only when the engine asks.
// The engine replays each migration as one parameterless executeRaw; the adapter sends
// that as a prepared statement, which PostgreSQL refuses for several commands, so
// such scripts go through PGlite's simple-protocol exec instead.
const fresh = async () => {
  const db = new PGlite();
  const adapter = await new PrismaPGlite(db).connect();
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await db.exec(query.sql);
    return 0;
  };
  return adapter;
};
export default {
  experimental: { adapter: true },
  engine: "js",
  schema: ${JSON.stringify(tempSchema)},
  adapter: async () => ({ provider: "postgres", adapterName: "pglite-prisma-adapter", connect: fresh, connectToShadowDb: fresh }),
};
`,
  );
  return configPath;
}

/** Runs `prisma migrate diff` (Prisma 6) and returns the SQL script. */
export function diffSql(): string {
  const workDir = mkdtempSync(join(tmpdir(), "switchyard-migrate-diff-"));
  try {
    const tempSchema = join(workDir, "schema.prisma");
    writeFileSync(tempSchema, prisma6Schema(readFileSync(schemaPath, "utf8")));
    const configPath = writeConfig(workDir, tempSchema);
    const from = migrationDirectories().length > 0 ? ["--from-migrations", migrationsDir] : ["--from-empty"];
    const result = spawnSync(
      process.execPath,
      [prisma6Cli(), "migrate", "diff", "--config", configPath, ...from, "--to-schema-datamodel", tempSchema, "--script"],
      {
        cwd: workDir,
        encoding: "utf8",
        env: {
          ...process.env,
          // Never used with engine "js", but Prisma 6 tries to download them unless set.
          PRISMA_QUERY_ENGINE_LIBRARY: "/bin/false",
          PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
          DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
          CHECKPOINT_DISABLE: "1",
        },
      },
    );
    if (result.status !== 0) {
      throw new Error(`prisma migrate diff failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
    }
    return result.stdout;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Diffing from an empty database makes the engine emit `CREATE SCHEMA IF NOT EXISTS "public"`.
 * PostgreSQL checks CREATE privilege on the database before noticing the schema exists, so
 * that line fails for an application role that owns only its schema; `public` always exists.
 */
export function withoutPublicSchemaCreation(sql: string): string {
  return sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/m, "");
}

export function isEmptyDiff(sql: string): boolean {
  return sql.trim() === "" || sql.trim() === emptyMarker;
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const name = argv.find((arg) => !arg.startsWith("--"));
  if (!check && (name === undefined || !/^[a-z0-9_]+$/.test(name))) {
    console.error("usage: new-migration <snake_case_name> | --check");
    return 2;
  }
  const sql = diffSql();
  if (isEmptyDiff(sql)) {
    console.log("schema.prisma matches prisma/migrations: nothing to do");
    return 0;
  }
  if (check) {
    console.error("schema.prisma differs from prisma/migrations; run `pnpm --filter @switchyard/db migration:new <name>`:");
    console.error(sql);
    return 1;
  }
  const number = String(migrationDirectories().length + 1).padStart(4, "0");
  const target = join(migrationsDir, `${number}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), withoutPublicSchemaCreation(sql));
  const lockPath = join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lockPath)) {
    writeFileSync(
      lockPath,
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
    );
  }
  console.log(`wrote ${target}/migration.sql`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(main(process.argv.slice(2)));
}
