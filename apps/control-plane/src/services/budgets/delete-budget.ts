import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { budgetInclude, toBudgetView } from "./budget-view";
import { assertBudgetWritable, type BudgetTarget } from "./upsert-budget";

export const deleteBudgetInput = z.object({ budgetId: z.string().min(1) }).strict();

export async function deleteBudget(caller: Caller, input: z.infer<typeof deleteBudgetInput>): Promise<{ id: string }> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const budget = await tx.budget.findFirst({ where: { id: input.budgetId, organizationId }, include: budgetInclude });
    if (!budget) throw new AppError("not_found", "budget not found");
    const target: BudgetTarget | undefined =
      budget.scope === "ORGANIZATION"
        ? { scope: "ORGANIZATION" }
        : budget.scope === "TEAM" && budget.teamId
          ? { scope: "TEAM", teamId: budget.teamId }
          : budget.scope === "USER" && budget.userId
            ? { scope: "USER", userId: budget.userId }
            : budget.scope === "KEY" && budget.keyId
              ? { scope: "KEY", keyId: budget.keyId }
              : undefined;
    if (!target) throw new AppError("internal", "budget has no target");
    try {
      await assertBudgetWritable(tx, caller, target);
    } catch (error) {
      // Outside the caller's reach: indistinguishable from a budget that does not exist.
      if (error instanceof AppError && error.code === "forbidden") throw new AppError("not_found", "budget not found");
      throw error;
    }
    await tx.budget.delete({ where: { id: budget.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "budget-deleted",
      targetType: "budget",
      targetId: budget.id,
      before: toBudgetView(budget),
    });
    return { id: budget.id };
  });
}
