import type { DatabaseClient } from "../src/client";

/** Exact row count of every table in the public schema, keyed by table name. */
export async function tableCounts(prisma: DatabaseClient): Promise<Record<string, number>> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    // Table names come from the catalog, not from input.
    const rows = await prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM "${table}"`);
    counts[table] = Number(rows[0]?.count ?? -1);
  }
  return counts;
}
