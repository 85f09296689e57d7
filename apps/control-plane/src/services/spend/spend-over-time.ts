import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Session } from "../../auth/session";
import { AppError } from "../../errors";
import { groupLabels } from "./group-labels";
import { dayString, dimensionColumn, rangeWhere, spendDimensions, spendRangeShape, spendWhere } from "./spend-scope";

const maxDays = 400;

export const spendOverTimeInput = z
  .object({ ...spendRangeShape, groupBy: z.enum(spendDimensions).optional() })
  .strict()
  .refine((input) => input.from <= input.to, { message: "from must not be after to", path: ["from"] });

export interface SpendPoint {
  day: string;
  /** Group value (id, model or provider); "" = unattributed; null when not grouped. */
  group: string | null;
  label: string | null;
  /** Exact decimal USD, and the same as a number for charts. */
  costUsdDecimal: string;
  costUsd: number;
  requests: number;
  errors: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  avgLatencyMs: number | null;
}

/** Daily buckets from the rollup table only; raw logs are never scanned for dashboards. */
export async function spendOverTime(caller: Caller, session: Session, input: z.infer<typeof spendOverTimeInput>): Promise<SpendPoint[]> {
  const days = (Date.parse(input.to) - Date.parse(input.from)) / 86_400_000;
  if (days > maxDays) throw new AppError("bad_request", `at most ${maxDays} days per query`);
  const column = input.groupBy ? dimensionColumn[input.groupBy] : undefined;
  const rows = await caller.prisma.spendDailyRollup.groupBy({
    by: column ? ["day", column] : ["day"],
    where: { AND: [spendWhere(caller, session), rangeWhere(input)] },
    _sum: {
      requests: true,
      errors: true,
      cacheHits: true,
      promptTokens: true,
      completionTokens: true,
      cachedTokens: true,
      costUsd: true,
      latencyMsSum: true,
    },
    orderBy: { day: "asc" },
  });
  const groupOf = (row: (typeof rows)[number]): string | null => (column ? String((row as Record<string, unknown>)[column] ?? "") : null);
  const labels =
    input.groupBy && column
      ? await groupLabels(caller.prisma, caller.scope.organizationId, input.groupBy, [...new Set(rows.map((row) => groupOf(row) ?? ""))])
      : new Map<string, string>();
  return rows.map((row) => {
    const group = groupOf(row);
    const requests = row._sum.requests ?? 0;
    const cost = row._sum.costUsd?.toString() ?? "0";
    return {
      day: dayString(row.day),
      group,
      label: group === null ? null : (labels.get(group) ?? group),
      costUsdDecimal: cost,
      costUsd: Number(cost),
      requests,
      errors: row._sum.errors ?? 0,
      cacheHits: row._sum.cacheHits ?? 0,
      promptTokens: Number(row._sum.promptTokens ?? 0n),
      completionTokens: Number(row._sum.completionTokens ?? 0n),
      cachedTokens: Number(row._sum.cachedTokens ?? 0n),
      avgLatencyMs: requests > 0 ? Number(row._sum.latencyMsSum ?? 0n) / requests : null,
    };
  });
}
