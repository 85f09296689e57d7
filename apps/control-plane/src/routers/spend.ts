import { callerOf } from "../auth/caller";
import { budgetUtilisation } from "../services/spend/budget-utilisation";
import { spendOverTime, spendOverTimeInput } from "../services/spend/spend-over-time";
import { topSpenders, topSpendersInput } from "../services/spend/top-spenders";
import { router, scopedProcedure } from "../trpc";

export const spendRouter = router({
  overTime: scopedProcedure("spend:read")
    .input(spendOverTimeInput)
    .query(({ ctx, input }) => spendOverTime(callerOf(ctx), ctx.session, input)),
  topSpenders: scopedProcedure("spend:read")
    .input(topSpendersInput)
    .query(({ ctx, input }) => topSpenders(callerOf(ctx), ctx.session, input)),
  budgetUtilisation: scopedProcedure("budgets:read").query(({ ctx }) => budgetUtilisation(callerOf(ctx))),
});
