// Applies prisma/migrations/*/migration.sql in order and records them in Prisma's own
// `_prisma_migrations` table, so `prisma migrate deploy` can take over wherever Prisma's
// native engine exists. We run our own because that engine is not installable here and
// because PGlite (the embedded default) has no engine at all.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The two calls the runner needs; see `pgConnection` and `pgliteConnection`. */
export interface SqlConnection {
  /** Runs a script of one or more statements without parameters (simple protocol). */
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface MigrationFile {
  /** Directory name, e.g. "0001_init"; migrations apply in its lexical order, as in Prisma. */
  name: string;
  sql: string;
  /** Hex SHA-256 of the file's bytes, as Prisma computes it. */
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export const defaultMigrationsDir = fileURLToPath(new URL("../../../prisma/migrations", import.meta.url));

/** The key `prisma migrate` locks, so our runner and Prisma's exclude each other. */
const prismaAdvisoryLockKey = 72707369;

// Prisma's schema engine creates exactly this table on PostgreSQL.
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export function sha256Hex(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

export function readMigrations(migrationsDir: string = defaultMigrationsDir): MigrationFile[] {
  if (!existsSync(migrationsDir)) throw new MigrationError(`migrations directory not found: ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(migrationsDir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: sha256Hex(bytes) };
    });
}

interface AppliedRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/**
 * Applies every migration not yet recorded, each in its own transaction together with
 * its `_prisma_migrations` row, so a failure leaves neither half behind. Refuses to run
 * when an applied migration's file has changed or Prisma left a failed migration.
 */
export async function migrate(
  connection: SqlConnection,
  options: { migrationsDir?: string; migrations?: MigrationFile[] } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? readMigrations(options.migrationsDir);
  // Session-level lock: a second process waits here, then finds everything applied.
  await connection.query("SELECT pg_advisory_lock($1)", [prismaAdvisoryLockKey]);
  try {
    await connection.exec(createMigrationsTable);
    const rows = await connection.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
    );
    const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
    if (failed !== undefined) {
      throw new MigrationError(
        `migration ${failed.migration_name} failed earlier and was never resolved; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${failed.migration_name})`,
      );
    }
    const applied = new Map(
      rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]),
    );
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const recorded = applied.get(migration.name);
      if (recorded !== undefined) {
        if (recorded !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.name} was changed after it was applied (checksum ${recorded} in the database, ${migration.checksum} on disk); add a new migration instead of editing an applied one`,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(connection, migration);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await connection.query("SELECT pg_advisory_unlock($1)", [prismaAdvisoryLockKey]);
  }
}

async function applyOne(connection: SqlConnection, migration: MigrationFile): Promise<void> {
  await connection.exec("BEGIN");
  try {
    const id = randomUUID();
    await connection.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await connection.exec(migration.sql);
    await connection.query(`UPDATE "_prisma_migrations" SET applied_steps_count = 1, finished_at = clock_timestamp() WHERE id = $1`, [id]);
    await connection.exec("COMMIT");
  } catch (error) {
    await connection.exec("ROLLBACK");
    const message = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
  }
}
