import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * A throwaway PostgreSQL database per test file, so test runs never collide with
 * each other or with a developer's data. The admin connection comes from
 * SWITCHYARD_TEST_PG_ADMIN_URL (default: the local server's `postgres` database).
 */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return process.env.SWITCHYARD_TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const name = `switchyard_test_${label
    .replace(/[^a-z0-9]/gi, "")
    .toLowerCase()
    .slice(0, 20)}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        // pg's Pool.end() resolves before its sockets are closed; terminating them with
        // FORCE would surface as an unhandled 'error' in the test process. Wait briefly.
        for (let attempt = 0; attempt < 40; attempt++) {
          const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM pg_stat_activity WHERE datname = $1", [name]);
          if (rows[0]?.count === "0") break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Drops databases left behind by crashed runs older than an hour. */
export async function dropStaleTestDatabases(): Promise<number> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'switchyard_test_%' AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)",
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await admin.end();
  }
}
