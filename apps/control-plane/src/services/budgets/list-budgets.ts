import { z } from "zod";
import type { Caller } from "../../auth/caller";
import { budgetWhere } from "../../auth/data-scope";
import { type BudgetView, budgetInclude, toBudgetView } from "./budget-view";

export const budgetScopes = ["ORGANIZATION", "TEAM", "USER", "KEY"] as const;

export const listBudgetsInput = z
  .object({ scope: z.enum(budgetScopes).optional(), teamId: z.string().min(1).optional() })
  .strict()
  .default({});

export async function listBudgets(caller: Caller, input: z.infer<typeof listBudgetsInput>): Promise<BudgetView[]> {
  const rows = await caller.prisma.budget.findMany({
    where: { AND: [budgetWhere(caller.scope), input.scope ? { scope: input.scope } : {}, input.teamId ? { teamId: input.teamId } : {}] },
    include: budgetInclude,
    orderBy: [{ scope: "asc" }, { createdAt: "asc" }],
  });
  return rows.map(toBudgetView);
}
