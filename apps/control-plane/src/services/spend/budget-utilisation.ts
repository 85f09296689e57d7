import type { Caller } from "../../auth/caller";
import { budgetWhere } from "../../auth/data-scope";
import type { Prisma } from "../../db";
import { decimalUsdToMicros, microsToUsd } from "../../util/money";
import { type BudgetPeriod, currentWindow } from "../budgets/budget-period";
import { type BudgetView, budgetInclude, toBudgetView } from "../budgets/budget-view";

export interface BudgetUtilisation {
  budget: BudgetView;
  windowStart: string;
  resetAt: string;
  spentMicros: number;
  spentUsd: number;
  /** spent / amount (may exceed 1). */
  utilisation: number;
  /** Linear burn-rate projection to the end of the window. */
  forecastUsd: number;
  overSoftThreshold: boolean;
  overBudget: boolean;
}

export async function budgetUtilisation(caller: Caller, now = new Date()): Promise<BudgetUtilisation[]> {
  const budgets = await caller.prisma.budget.findMany({
    where: budgetWhere(caller.scope),
    include: budgetInclude,
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
  });
  return Promise.all(
    budgets.map(async (budget) => {
      const window = currentWindow(budget.period as BudgetPeriod, budget.resetAt, now);
      const target: Prisma.SpendDailyRollupWhereInput =
        budget.scope === "TEAM"
          ? { teamId: budget.teamId ?? "" }
          : budget.scope === "USER"
            ? { userId: budget.userId ?? "" }
            : budget.scope === "KEY"
              ? { keyId: budget.keyId ?? "" }
              : {};
      const startDay = new Date(Date.UTC(window.start.getUTCFullYear(), window.start.getUTCMonth(), window.start.getUTCDate()));
      const sum = await caller.prisma.spendDailyRollup.aggregate({
        where: { organizationId: budget.organizationId, day: { gte: startDay, lt: window.resetAt }, ...target },
        _sum: { costUsd: true },
      });
      const spentMicros = decimalUsdToMicros(sum._sum.costUsd?.toFixed(10) ?? "0");
      const amount = Number(budget.amountMicros);
      const utilisation = amount > 0 ? Number(spentMicros) / amount : 0;
      const total = window.resetAt.getTime() - window.start.getTime();
      const elapsed = Math.max(now.getTime() - window.start.getTime(), 1);
      const threshold = budget.softThreshold === null ? null : Number(budget.softThreshold.toString());
      return {
        budget: toBudgetView(budget),
        windowStart: window.start.toISOString(),
        resetAt: window.resetAt.toISOString(),
        spentMicros: Number(spentMicros),
        spentUsd: microsToUsd(spentMicros),
        utilisation,
        forecastUsd: microsToUsd(spentMicros) * (total / Math.min(elapsed, total)),
        overSoftThreshold: threshold !== null && utilisation >= threshold,
        overBudget: utilisation >= 1,
      };
    }),
  );
}
