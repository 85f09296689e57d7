import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { budgetWhere } from "../../auth/data-scope";
import { AppError } from "../../errors";
import { microsToUsd } from "../../util/money";
import { budgetInclude } from "../budgets/budget-view";
import { forecastAt } from "./budget-forecast";
import { spendPerBucket } from "./budget-spend";
import { type BudgetUtilisation, utilisationOf, windowOf } from "./budget-utilisation";
import { dayMs, floorTo, hourMs } from "./spend-range";

export const burnDownInput = z.object({ budgetId: z.string().min(1) }).strict();

export interface BurnDownPoint {
  bucketStart: string;
  bucketEnd: string;
  /** Actual spend in this bucket; null for buckets that have not started. */
  spendMicros: number | null;
  spendUsd: number | null;
  /** Actual spend since the window started, through this bucket (or now); null for future buckets. */
  cumulativeMicros: number | null;
  cumulativeUsd: number | null;
  /** The linear forecast of cumulative spend at the bucket's end; null for buckets that ended before now. */
  forecastCumulativeMicros: number | null;
  forecastCumulativeUsd: number | null;
  /** Amount minus actual (or, ahead of now, forecast) cumulative spend. */
  remainingMicros: number;
  remainingUsd: number;
  /** The even-spending guide line: the amount falling to zero across the window. */
  idealRemainingMicros: number;
  idealRemainingUsd: number;
}

export interface BurnDown {
  utilisation: BudgetUtilisation;
  /** Hour points for DAY budgets, day points otherwise (UTC). */
  bucket: "hour" | "day";
  points: BurnDownPoint[];
}

function usd(micros: number): number {
  return microsToUsd(BigInt(micros));
}

/** One budget's current window, bucket by bucket: actual spend up to now, the forecast after. */
export async function burnDown(caller: Caller, input: z.infer<typeof burnDownInput>, now = new Date()): Promise<BurnDown> {
  const budget = await caller.prisma.budget.findFirst({
    where: { AND: [budgetWhere(caller.scope), { id: input.budgetId }] },
    include: budgetInclude,
  });
  if (!budget) throw new AppError("not_found", "budget not found");
  const window = windowOf(budget, now);
  const bucket = budget.period === "DAY" ? "hour" : "day";
  const step = bucket === "hour" ? hourMs : dayMs;
  const buckets = new Map(
    (await spendPerBucket(caller.prisma, caller.scope.organizationId, window, bucket)).map((row) => [Date.parse(row.bucketStart), row]),
  );
  const spent = [...buckets.values()].at(-1)?.cumulativeMicros ?? 0n;
  const utilisation = utilisationOf(budget, window, spent, now);
  const amount = Number(budget.amountMicros);
  const forecastLine = {
    spentMicros: Number(spent),
    amountMicros: amount,
    windowStart: window.start,
    windowEnd: window.end,
    now,
  };
  const windowStart = window.start.getTime();
  const windowEnd = window.end.getTime();
  const points: BurnDownPoint[] = [];
  let cumulative = 0;
  for (let start = floorTo(windowStart, bucket); start < windowEnd; start += step) {
    const end = Math.min(start + step, windowEnd);
    const row = buckets.get(start);
    const started = start <= now.getTime();
    if (row) cumulative = Number(row.cumulativeMicros);
    const forecast = end > now.getTime() ? forecastAt(forecastLine, new Date(end)) : null;
    const remaining = amount - (started ? cumulative : (forecast ?? cumulative));
    const ideal = Math.round(amount * (1 - Math.min(Math.max((end - windowStart) / (windowEnd - windowStart), 0), 1)));
    const spend = started ? Number(row?.spendMicros ?? 0n) : null;
    points.push({
      bucketStart: new Date(start).toISOString(),
      bucketEnd: new Date(end).toISOString(),
      spendMicros: spend,
      spendUsd: spend === null ? null : usd(spend),
      cumulativeMicros: started ? cumulative : null,
      cumulativeUsd: started ? usd(cumulative) : null,
      forecastCumulativeMicros: forecast,
      forecastCumulativeUsd: forecast === null ? null : usd(forecast),
      remainingMicros: remaining,
      remainingUsd: usd(remaining),
      idealRemainingMicros: ideal,
      idealRemainingUsd: usd(ideal),
    });
  }
  return { utilisation, bucket, points };
}
