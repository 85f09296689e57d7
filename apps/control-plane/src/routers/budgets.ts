import { callerOf } from "../auth/caller";
import { deleteBudget, deleteBudgetInput } from "../services/budgets/delete-budget";
import { listBudgets, listBudgetsInput } from "../services/budgets/list-budgets";
import { upsertBudget, upsertBudgetInput } from "../services/budgets/upsert-budget";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const budgetsRouter = router({
  list: scopedProcedure("budgets:read")
    .input(listBudgetsInput)
    .query(({ ctx, input }) => listBudgets(callerOf(ctx), input)),
  upsert: configProcedure("budgets:write")
    .input(upsertBudgetInput)
    .mutation(({ ctx, input }) => upsertBudget(callerOf(ctx), input)),
  delete: configProcedure("budgets:write")
    .input(deleteBudgetInput)
    .mutation(({ ctx, input }) => deleteBudget(callerOf(ctx), input)),
});
