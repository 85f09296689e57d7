import type { Database, Prisma as PrismaTypes } from "../../db";
import { Prisma } from "../../db";
import { decimalUsdToMicros } from "../../util/money";
import { floorTo } from "./spend-range";
import { sqlTimestamp } from "./spend-sql";

/**
 * Spend inside budget windows, from the hourly rollups (windows may start at any hour:
 * THIRTY_DAYS rolls from when the budget was set). A window's start is rounded down to its
 * hour, so at most the spend of that one hour before the start is counted in.
 */
export interface BudgetWindow {
  id: string;
  scope: "ORGANIZATION" | "TEAM" | "USER" | "KEY";
  teamId: string | null;
  userId: string | null;
  keyId: string | null;
  start: Date;
  end: Date;
}

function hourStart(date: Date): Date {
  return new Date(floorTo(date.getTime(), "hour"));
}

function targetSql(window: BudgetWindow): PrismaTypes.Sql {
  switch (window.scope) {
    case "ORGANIZATION":
      return Prisma.sql`TRUE`;
    case "TEAM":
      return Prisma.sql`team_id = ${window.teamId ?? ""}`;
    case "USER":
      return Prisma.sql`user_id = ${window.userId ?? ""}`;
    case "KEY":
      return Prisma.sql`key_id = ${window.keyId ?? ""}`;
  }
}

/** Spend per budget id, one query for all of them. */
export async function spentInWindows(prisma: Database, organizationId: string, windows: BudgetWindow[]): Promise<Map<string, bigint>> {
  if (windows.length === 0) return new Map();
  const targets = Prisma.join(
    windows.map(
      (window) =>
        Prisma.sql`(${window.id}, ${window.scope}, ${window.teamId ?? ""}, ${window.userId ?? ""}, ${window.keyId ?? ""},
          ${sqlTimestamp(hourStart(window.start))}::timestamp, ${sqlTimestamp(window.end)}::timestamp)`,
    ),
  );
  const rows = await prisma.$queryRaw<{ id: string; cost: string }[]>`
    SELECT target.id, COALESCE(SUM(rollup.cost_usd), 0)::text AS cost
    FROM (VALUES ${targets}) AS target(id, scope, team_id, user_id, key_id, window_start, window_end)
    LEFT JOIN spend_hourly_rollups AS rollup
      ON rollup.organization_id = ${organizationId} AND rollup.hour >= target.window_start AND rollup.hour < target.window_end
      AND (target.scope = 'ORGANIZATION' OR (target.scope = 'TEAM' AND rollup.team_id = target.team_id)
        OR (target.scope = 'USER' AND rollup.user_id = target.user_id) OR (target.scope = 'KEY' AND rollup.key_id = target.key_id))
    GROUP BY target.id`;
  return new Map(rows.map((row) => [row.id, decimalUsdToMicros(row.cost)]));
}

export interface WindowBucket {
  /** UTC bucket start, ISO. */
  bucketStart: string;
  spendMicros: bigint;
  /** Exact running total through this bucket, truncated to micro-dollars. */
  cumulativeMicros: bigint;
}

const truncations = { hour: Prisma.raw("date_trunc('hour', hour)"), day: Prisma.raw("date_trunc('day', hour)") } as const;

/** Spend per hour or day of one window, with running totals computed exactly in SQL. */
export async function spendPerBucket(
  prisma: Database,
  organizationId: string,
  window: BudgetWindow,
  bucket: "hour" | "day",
): Promise<WindowBucket[]> {
  const truncated = truncations[bucket];
  const rows = await prisma.$queryRaw<{ bucket: string; cost: string; cumulative: string }[]>`
    SELECT to_char(${truncated}, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS bucket, SUM(cost_usd)::text AS cost,
      (SUM(SUM(cost_usd)) OVER (ORDER BY ${truncated}))::text AS cumulative
    FROM spend_hourly_rollups
    WHERE organization_id = ${organizationId} AND hour >= ${sqlTimestamp(hourStart(window.start))}::timestamp
      AND hour < ${sqlTimestamp(window.end)}::timestamp AND ${targetSql(window)}
    GROUP BY ${truncated}
    ORDER BY 1`;
  return rows.map((row) => ({
    bucketStart: row.bucket,
    spendMicros: decimalUsdToMicros(row.cost),
    cumulativeMicros: decimalUsdToMicros(row.cumulative),
  }));
}
