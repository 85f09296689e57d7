import type { BudgetPeriod as ConfigBudgetPeriod } from "@switchyard/schemas";

export const budgetPeriods = ["DAY", "WEEK", "THIRTY_DAYS", "MONTH"] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

const dayMs = 24 * 3600 * 1000;

/** The GatewayConfig spelling of each period. */
export const configPeriodOf: Record<BudgetPeriod, ConfigBudgetPeriod> = { DAY: "1d", WEEK: "7d", THIRTY_DAYS: "30d", MONTH: "month" };

/**
 * When a budget created or changed at `from` next resets. Calendar periods are in
 * UTC (days at midnight, weeks on Monday, months on the 1st); THIRTY_DAYS rolls
 * from the moment the budget was set.
 */
export function nextResetAt(period: BudgetPeriod, from: Date): Date {
  const startOfDay = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  switch (period) {
    case "DAY":
      return new Date(startOfDay + dayMs);
    case "WEEK": {
      const daysUntilMonday = (8 - from.getUTCDay()) % 7 || 7;
      return new Date(startOfDay + daysUntilMonday * dayMs);
    }
    case "MONTH":
      return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    case "THIRTY_DAYS":
      return new Date(from.getTime() + 30 * dayMs);
  }
}

function windowStart(period: BudgetPeriod, resetAt: Date): Date {
  switch (period) {
    case "DAY":
      return new Date(resetAt.getTime() - dayMs);
    case "WEEK":
      return new Date(resetAt.getTime() - 7 * dayMs);
    case "MONTH":
      return new Date(Date.UTC(resetAt.getUTCFullYear(), resetAt.getUTCMonth() - 1, resetAt.getUTCDate()));
    case "THIRTY_DAYS":
      return new Date(resetAt.getTime() - 30 * dayMs);
  }
}

/** The period containing `now`, rolling a stored resetAt forward if it has passed. */
export function currentWindow(period: BudgetPeriod, storedResetAt: Date, now: Date): { start: Date; resetAt: Date } {
  let resetAt = storedResetAt;
  if (resetAt <= now) {
    if (period === "THIRTY_DAYS") {
      const steps = Math.floor((now.getTime() - resetAt.getTime()) / (30 * dayMs)) + 1;
      resetAt = new Date(resetAt.getTime() + steps * 30 * dayMs);
    } else {
      resetAt = nextResetAt(period, now);
    }
  }
  return { start: windowStart(period, resetAt), resetAt };
}
