import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { Prisma } from "../../db";
import { groupLabels } from "./group-labels";
import { rangeIsOrdered, rangeOrderIssue, resolveRange } from "./spend-range";
import {
  bucketTextSql,
  dimensionColumn,
  type MeasureRow,
  measuresSql,
  rollupTable,
  rollupWhereSql,
  type SpendMeasures,
  spendDimensions,
  spendFilterShape,
  spendReach,
  toMeasures,
} from "./spend-sql";

export const spendOverTimeShape = {
  ...spendFilterShape,
  /** "hour" reads the hourly rollups (at most 31 days), "day" the daily ones (at most 400 days). */
  bucket: z.enum(["hour", "day"]).default("day"),
  groupBy: z.enum(spendDimensions).optional(),
};
export const spendOverTimeInput = z.object(spendOverTimeShape).strict().refine(rangeIsOrdered, rangeOrderIssue);
export type SpendOverTimeInput = z.infer<typeof spendOverTimeInput>;

export interface SpendPoint extends SpendMeasures {
  /** UTC start of the bucket, ISO ("2026-10-10T13:00:00Z"). */
  bucketStart: string;
  /** UTC day of the bucket start ("2026-10-10"). */
  day: string;
  /** Group value (id, model or provider); "" = unattributed; null when not grouped. */
  group: string | null;
  label: string | null;
}

interface SeriesRow extends MeasureRow {
  bucket: string;
  grp: string | null;
}

/**
 * Spend, tokens, requests and errors per hour or day, optionally per team/key/user/model/provider.
 * Sparse: buckets without traffic are absent (zero). Ordered by bucket, then group.
 */
export async function spendOverTime(caller: Caller, session: Session, input: SpendOverTimeInput): Promise<SpendPoint[]> {
  const range = resolveRange(input, input.bucket);
  const { table } = rollupTable(range);
  const group = input.groupBy ? Prisma.raw(dimensionColumn[input.groupBy]) : Prisma.sql`NULL::text`;
  const rows = await caller.prisma.$queryRaw<SeriesRow[]>`
    SELECT ${bucketTextSql(range)} AS bucket, ${group} AS grp, ${measuresSql}
    FROM ${table}
    WHERE ${rollupWhereSql(spendReach(caller, session), range, input)}
    GROUP BY 1, 2
    ORDER BY 1, 2`;
  const labels = input.groupBy
    ? await groupLabels(caller.prisma, caller.scope.organizationId, input.groupBy, [...new Set(rows.map((row) => row.grp ?? ""))])
    : undefined;
  return rows.map((row) => ({
    bucketStart: row.bucket,
    day: row.bucket.slice(0, 10),
    group: labels ? (row.grp ?? "") : null,
    label: labels ? (labels.get(row.grp ?? "") ?? row.grp ?? "") : null,
    ...toMeasures(row),
  }));
}
