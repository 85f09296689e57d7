import type { z } from "zod";
import type { Caller } from "../../auth/caller";
import { budgetWhere } from "../../auth/data-scope";
import type { Prisma } from "../../db";
import { iso } from "../../util/dates";
import { microsToUsd } from "../../util/money";
import { type BudgetPeriod, currentWindow } from "../budgets/budget-period";
import { type BudgetView, budgetInclude, toBudgetView } from "../budgets/budget-view";
import type { listBudgetsInput } from "../budgets/list-budgets";
import { linearForecast } from "./budget-forecast";
import { type BudgetWindow, spentInWindows } from "./budget-spend";

type BudgetRow = Prisma.BudgetGetPayload<{ include: typeof budgetInclude }>;

export interface BudgetUtilisation {
  budget: BudgetView;
  /** The current window: [windowStart, resetAt). */
  windowStart: string;
  resetAt: string;
  spentMicros: number;
  spentUsd: number;
  /** spent / amount (may exceed 1). */
  utilisation: number;
  /** Linear on the period's spend so far, to the end of the window (see budget-forecast.ts). */
  forecastMicros: number;
  forecastUsd: number;
  /** Average spend per day so far. */
  dailyRateMicros: number;
  dailyRateUsd: number;
  /** When the forecast line reaches the amount inside this window; null if it does not, or already has. */
  projectedExhaustionAt: string | null;
  forecastOverBudget: boolean;
  overSoftThreshold: boolean;
  overBudget: boolean;
}

export function windowOf(budget: BudgetRow, now: Date): BudgetWindow {
  const window = currentWindow(budget.period as BudgetPeriod, budget.resetAt, now);
  return {
    id: budget.id,
    scope: budget.scope,
    teamId: budget.teamId,
    userId: budget.userId,
    keyId: budget.keyId,
    ...window,
    end: window.resetAt,
  };
}

export function utilisationOf(budget: BudgetRow, window: BudgetWindow, spent: bigint, now: Date): BudgetUtilisation {
  const amountMicros = Number(budget.amountMicros);
  const spentMicros = Number(spent);
  const forecast = linearForecast({ spentMicros, amountMicros, windowStart: window.start, windowEnd: window.end, now });
  const utilisation = amountMicros > 0 ? spentMicros / amountMicros : 0;
  const threshold = budget.softThreshold === null ? null : Number(budget.softThreshold.toString());
  return {
    budget: toBudgetView(budget),
    windowStart: iso(window.start),
    resetAt: iso(window.end),
    spentMicros,
    spentUsd: microsToUsd(spent),
    utilisation,
    forecastMicros: forecast.forecastMicros,
    forecastUsd: microsToUsd(BigInt(forecast.forecastMicros)),
    dailyRateMicros: forecast.dailyRateMicros,
    dailyRateUsd: microsToUsd(BigInt(forecast.dailyRateMicros)),
    projectedExhaustionAt: iso(forecast.projectedExhaustionAt),
    forecastOverBudget: forecast.forecastMicros > amountMicros,
    overSoftThreshold: threshold !== null && utilisation >= threshold,
    overBudget: utilisation >= 1,
  };
}

/** Every budget the caller may read, with its current window's spend and forecast (one spend query for all). */
export async function budgetUtilisation(
  caller: Caller,
  input: z.infer<typeof listBudgetsInput> = {},
  now = new Date(),
): Promise<BudgetUtilisation[]> {
  const budgets = await caller.prisma.budget.findMany({
    where: { AND: [budgetWhere(caller.scope), input.scope ? { scope: input.scope } : {}, input.teamId ? { teamId: input.teamId } : {}] },
    include: budgetInclude,
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
  });
  const windows = budgets.map((budget) => windowOf(budget, now));
  const spent = await spentInWindows(caller.prisma, caller.scope.organizationId, windows);
  return budgets.map((budget, index) => {
    const window = windows[index] ?? windowOf(budget, now);
    return utilisationOf(budget, window, spent.get(budget.id) ?? 0n, now);
  });
}
