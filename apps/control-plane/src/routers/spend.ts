import { callerOf } from "../auth/caller";
import { listBudgetsInput } from "../services/budgets/list-budgets";
import { budgetUtilisation } from "../services/spend/budget-utilisation";
import { burnDown, burnDownInput } from "../services/spend/burn-down";
import { budgetExportInput, exportBudgetCsv, exportSpendCsv, spendExportInput } from "../services/spend/export-csv";
import { latencyInput, latencyPercentiles } from "../services/spend/latency-percentiles";
import { spendOverTime, spendOverTimeInput } from "../services/spend/spend-over-time";
import { topSpenders, topSpendersInput } from "../services/spend/top-spenders";
import { router, scopedProcedure } from "../trpc";

/** Dashboard queries: they read the daily/hourly rollups only, filtered to what the caller may see. */
export const spendRouter = router({
  overTime: scopedProcedure("spend:read")
    .input(spendOverTimeInput)
    .query(({ ctx, input }) => spendOverTime(callerOf(ctx), ctx.session, input)),
  topSpenders: scopedProcedure("spend:read")
    .input(topSpendersInput)
    .query(({ ctx, input }) => topSpenders(callerOf(ctx), ctx.session, input)),
  latency: scopedProcedure("spend:read")
    .input(latencyInput)
    .query(({ ctx, input }) => latencyPercentiles(callerOf(ctx), ctx.session, input)),
  budgetUtilisation: scopedProcedure("budgets:read")
    .input(listBudgetsInput)
    .query(({ ctx, input }) => budgetUtilisation(callerOf(ctx), input)),
  burnDown: scopedProcedure("budgets:read")
    .input(burnDownInput)
    .query(({ ctx, input }) => burnDown(callerOf(ctx), input)),
  /** `{ filename, csv, rows }` for over-time, top-spender and latency reports. */
  exportCsv: scopedProcedure("spend:read")
    .input(spendExportInput)
    .query(({ ctx, input }) => exportSpendCsv(callerOf(ctx), ctx.session, input)),
  /** `{ filename, csv, rows }` for budget utilisation and burn-down reports. */
  exportBudgetsCsv: scopedProcedure("budgets:read")
    .input(budgetExportInput)
    .query(({ ctx, input }) => exportBudgetCsv(callerOf(ctx), input)),
});
