import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { Prisma } from "../../db";
import { groupLabels } from "./group-labels";
import { addHistograms, emptyHistogram, latencyBucketCount, percentileOf, percentileRelativeError } from "./latency-histogram";
import { rangeIsOrdered, rangeOrderIssue, resolveRange, type SpendRange } from "./spend-range";
import {
  dimensionColumn,
  rollupTable,
  rollupWhereSql,
  type SpendFilters,
  spendDimensions,
  spendFilterShape,
  spendReach,
} from "./spend-sql";

export const latencyShape = { ...spendFilterShape, by: z.enum(spendDimensions).default("model") };
export const latencyInput = z.object(latencyShape).strict().refine(rangeIsOrdered, rangeOrderIssue);
export type LatencyInput = z.infer<typeof latencyInput>;

export interface LatencyStats {
  requests: number;
  /** Requests counted in the histograms: equal to requests unless rollup rows predate histograms and had no raw logs to backfill from. */
  measured: number;
  avgMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface LatencyReport {
  overall: LatencyStats;
  /** Busiest first. */
  groups: (LatencyStats & { group: string; label: string })[];
  /** Percentiles are within this fraction of the exact value (exact below 11 ms); see latency-histogram.ts. */
  relativeError: number;
}

interface HistogramRow {
  grp: string;
  requests: bigint;
  latency_ms_sum: bigint;
  /** bigint[] as the driver returns it (BigInt, string or number elements). */
  histogram: unknown[];
}

/**
 * Element-wise sum of the histograms, one SUM per bucket in a single pass: about three times
 * faster than unnesting every array into rows (measured on 50k rows × 162 buckets).
 */
const histogramSumsSql = Prisma.raw(
  `ARRAY[${Array.from({ length: latencyBucketCount }, (_, index) => `COALESCE(SUM(latency_histogram[${index + 1}]), 0)`).join(", ")}]::int8[]`,
);

function statsOf(histogram: number[], requests: number, latencyMsSum: number): LatencyStats {
  return {
    requests,
    measured: histogram.reduce((sum, count) => sum + count, 0),
    avgMs: requests > 0 ? latencyMsSum / requests : null,
    p50Ms: percentileOf(histogram, 0.5),
    p95Ms: percentileOf(histogram, 0.95),
    p99Ms: percentileOf(histogram, 0.99),
  };
}

/** Histograms summed per group in SQL (one row per group), never raw logs. */
export async function latencyHistograms(
  caller: Caller,
  session: Session,
  range: SpendRange,
  filters: SpendFilters,
  by: keyof typeof dimensionColumn,
): Promise<{ group: string; histogram: number[]; requests: number; latencyMsSum: number }[]> {
  const { table } = rollupTable(range);
  const column = Prisma.raw(dimensionColumn[by]);
  const rows = await caller.prisma.$queryRaw<HistogramRow[]>`
    SELECT ${column} AS grp, SUM(requests)::bigint AS requests, SUM(latency_ms_sum)::bigint AS latency_ms_sum,
      ${histogramSumsSql} AS histogram
    FROM ${table}
    WHERE ${rollupWhereSql(spendReach(caller, session), range, filters)}
    GROUP BY 1`;
  return rows
    .map((row) => ({
      group: row.grp,
      histogram: row.histogram.map((count) => Number(count)),
      requests: Number(row.requests),
      latencyMsSum: Number(row.latency_ms_sum),
    }))
    .sort((a, b) => b.requests - a.requests || a.group.localeCompare(b.group));
}

/** Latency p50/p95/p99 per model (or another dimension) and overall, from the rollups' histograms. */
export async function latencyPercentiles(caller: Caller, session: Session, input: LatencyInput): Promise<LatencyReport> {
  const range = resolveRange(input);
  const groups = await latencyHistograms(caller, session, range, input, input.by);
  const labels = await groupLabels(
    caller.prisma,
    caller.scope.organizationId,
    input.by,
    groups.map((group) => group.group),
  );
  const overall = emptyHistogram();
  for (const group of groups) addHistograms(overall, group.histogram);
  return {
    overall: statsOf(
      overall,
      groups.reduce((sum, group) => sum + group.requests, 0),
      groups.reduce((sum, group) => sum + group.latencyMsSum, 0),
    ),
    groups: groups.map((group) => ({
      group: group.group,
      label: labels.get(group.group) ?? group.group,
      ...statsOf(group.histogram, group.requests, group.latencyMsSum),
    })),
    relativeError: percentileRelativeError,
  };
}
