// Server-only: the Prisma client, its PostgreSQL/PGlite wiring, migrations and the demo seed.
// Everything Prisma generates (PrismaClient, Prisma namespace, enums, model types) is
// re-exported as is, so new models appear here without edits.

export {
  type Database,
  type DatabaseClient,
  type DatabaseKind,
  type DatabaseTransaction,
  type OpenDatabaseOptions,
  openDatabase,
  pgliteDataDir,
  secretColumnsOmitted,
} from "./client";
export * from "./generated/client";
export {
  defaultMigrationsDir,
  type MigrateResult,
  MigrationError,
  type MigrationFile,
  migrate,
  readMigrations,
  type SqlConnection,
  sha256Hex,
} from "./migrate";
export { type DemoAccount, type DemoSeedOptions, type DemoSeedResult, demoAccounts, seedDemo } from "./seed";
export { pgConnection, pgliteConnection } from "./sql-connection";
