import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import type { SqlConnection } from "./migrate";

/**
 * A single pg session (a Client or a checked-out PoolClient): the migration runner's
 * advisory lock and transactions must all happen on one connection.
 */
export function pgConnection(client: pg.ClientBase): SqlConnection {
  return {
    async exec(sql) {
      // Without parameters pg uses the simple protocol, which accepts multi-statement scripts.
      await client.query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<Row>(sql, [...params]);
      return result.rows;
    },
  };
}

export function pgliteConnection(database: PGlite): SqlConnection {
  return {
    async exec(sql) {
      await database.exec(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const result = await database.query<Row>(sql, [...params]);
      return result.rows;
    },
  };
}
