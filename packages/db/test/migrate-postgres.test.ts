import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { adminUrl, createTestDatabase, type TestDatabase } from "@switchyard/testkit/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, MigrationError, migrate, readMigrations, sha256Hex } from "../src/migrate";
import { pgConnection } from "../src/sql-connection";

let database: TestDatabase;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  database = await createTestDatabase("migrate");
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
  await database.drop();
});

describe("migrate on PostgreSQL", () => {
  it("applies every migration to an empty database once, even when two processes race", async () => {
    const [first, second] = await Promise.all([connect(), connect()]);
    const results = await Promise.all([migrate(pgConnection(first)), migrate(pgConnection(second))]);
    const names = readMigrations().map((migration) => migration.name);
    expect(names[0]).toBe("0001_init");
    // One run applied everything, the other waited on the advisory lock and found it done.
    const appliedLists = results.map((result) => result.applied).sort((a, b) => b.length - a.length);
    expect(appliedLists).toEqual([names, []]);

    const { rows } = await first.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["_prisma_migrations", "organizations", "users", "spend_logs", "spend_daily_rollups", "audit_logs"]),
    );
  });

  it("is a no-op when run again", async () => {
    const client = await connect();
    const before = await client.query("SELECT * FROM _prisma_migrations ORDER BY migration_name");
    const result = await migrate(pgConnection(client));
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(readMigrations().map((migration) => migration.name));
    const after = await client.query("SELECT * FROM _prisma_migrations ORDER BY migration_name");
    expect(after.rows).toEqual(before.rows);
  });

  it("records migrations in Prisma's _prisma_migrations format", async () => {
    const client = await connect();
    const columns = await client.query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      character_maximum_length: number | null;
    }>(
      `SELECT column_name, data_type, is_nullable, character_maximum_length FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.rows).toEqual([
      { column_name: "id", data_type: "character varying", is_nullable: "NO", character_maximum_length: 36 },
      { column_name: "checksum", data_type: "character varying", is_nullable: "NO", character_maximum_length: 64 },
      { column_name: "finished_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "migration_name", data_type: "character varying", is_nullable: "NO", character_maximum_length: 255 },
      { column_name: "logs", data_type: "text", is_nullable: "YES", character_maximum_length: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", is_nullable: "YES", character_maximum_length: null },
      { column_name: "started_at", data_type: "timestamp with time zone", is_nullable: "NO", character_maximum_length: null },
      { column_name: "applied_steps_count", data_type: "integer", is_nullable: "NO", character_maximum_length: null },
    ]);

    const { rows } = await client.query<{
      id: string;
      checksum: string;
      finished_at: Date | null;
      migration_name: string;
      logs: string | null;
      rolled_back_at: Date | null;
      started_at: Date;
      applied_steps_count: number;
    }>("SELECT * FROM _prisma_migrations WHERE migration_name = '0001_init'");
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row).toBeDefined();
    if (row === undefined) return;
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.checksum).toBe(sha256Hex(readFileSync(join(defaultMigrationsDir, "0001_init", "migration.sql"))));
    expect(row.logs).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.applied_steps_count).toBe(1);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at?.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    const client = await connect();
    const edited = readMigrations().map((migration, index) =>
      index === 0 ? { ...migration, sql: `${migration.sql}\n-- edited`, checksum: sha256Hex(`${migration.sql}\n-- edited`) } : migration,
    );
    await expect(migrate(pgConnection(client), { migrations: edited })).rejects.toThrow(/0001_init was changed after it was applied/);
    // The advisory lock was released despite the error.
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(72707369) AS locked");
    expect(rows[0]?.locked).toBe(true);
    await client.query("SELECT pg_advisory_unlock(72707369)");
  });

  it("rolls a failing migration back entirely and records nothing for it", async () => {
    const client = await connect();
    const broken = { name: "9999_broken", sql: "CREATE TABLE half_done (id int);\nSELECT 1/0;", checksum: "x".repeat(64) };
    const error = await migrate(pgConnection(client), { migrations: [...readMigrations(), broken] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect(String(error)).toMatch(/9999_broken failed and was rolled back: division by zero/);
    const table = await client.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(table.rowCount).toBe(0);
    const recorded = await client.query("SELECT 1 FROM _prisma_migrations WHERE migration_name = '9999_broken'");
    expect(recorded.rowCount).toBe(0);
  });

  it("refuses to continue past a migration Prisma recorded as failed", async () => {
    const client = await connect();
    await client.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, applied_steps_count) VALUES ($1, $2, $3, $4, 0)",
      ["00000000-0000-4000-8000-000000000000", "y".repeat(64), "0002_failed_elsewhere", "boom"],
    );
    await expect(migrate(pgConnection(client))).rejects.toThrow(/0002_failed_elsewhere failed earlier/);
    await client.query("DELETE FROM _prisma_migrations WHERE migration_name = '0002_failed_elsewhere'");
  });

  it("needs no database-level privileges: an application role owning only schema public can migrate", async () => {
    const role = `switchyard_test_role_${randomBytes(4).toString("hex")}`;
    const restricted = await createTestDatabase("leastpriv");
    const admin = new pg.Client({ connectionString: restricted.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${role}" LOGIN`);
      await admin.query(`REVOKE ALL ON DATABASE "${restricted.name}" FROM PUBLIC`);
      await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE "${restricted.name}" TO "${role}"`);
      await admin.query(`ALTER SCHEMA public OWNER TO "${role}"`);
      const url = new URL(restricted.url);
      url.username = role;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const result = await migrate(pgConnection(client));
        expect(result.applied).toEqual(readMigrations().map((migration) => migration.name));
      } finally {
        await client.end();
      }
    } finally {
      await admin.end();
      await restricted.drop();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      await cleanup.query(`DROP ROLE IF EXISTS "${role}"`).finally(() => cleanup.end());
    }
  });
});
