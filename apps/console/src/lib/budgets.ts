/** Budget periods as the control plane names them, and how the console says them. */
export const budgetPeriods = ["DAY", "WEEK", "THIRTY_DAYS", "MONTH"] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

export const budgetPeriodLabels: Record<BudgetPeriod, string> = {
  DAY: "per day",
  WEEK: "per week (from Monday)",
  THIRTY_DAYS: "per rolling 30 days",
  MONTH: "per calendar month",
};

export const budgetPeriodShort: Record<BudgetPeriod, string> = { DAY: "/ day", WEEK: "/ week", THIRTY_DAYS: "/ 30 days", MONTH: "/ month" };
