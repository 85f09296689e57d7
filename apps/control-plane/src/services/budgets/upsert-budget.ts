import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Prisma, Transaction } from "../../db";
import { AppError } from "../../errors";
import { microsInput } from "../../util/money";
import { budgetPeriods, nextResetAt } from "./budget-period";
import { type BudgetView, budgetInclude, toBudgetView } from "./budget-view";

export const budgetTargetInput = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("ORGANIZATION") }).strict(),
  z.object({ scope: z.literal("TEAM"), teamId: z.string().min(1) }).strict(),
  z.object({ scope: z.literal("USER"), userId: z.string().min(1) }).strict(),
  z.object({ scope: z.literal("KEY"), keyId: z.string().min(1) }).strict(),
]);
export type BudgetTarget = z.infer<typeof budgetTargetInput>;

export const upsertBudgetInput = z
  .object({
    target: budgetTargetInput,
    /** Integer micro-dollars; must be positive. */
    amountMicros: microsInput.refine((value) => value > 0n, "must be positive"),
    period: z.enum(budgetPeriods),
    /** Fraction of the amount at which a soft alert fires. */
    softThreshold: z.number().min(0).max(1).nullable().optional(),
  })
  .strict();

function targetWhere(organizationId: string, target: BudgetTarget): Prisma.BudgetWhereInput {
  switch (target.scope) {
    case "ORGANIZATION":
      return { organizationId, scope: "ORGANIZATION" };
    case "TEAM":
      return { organizationId, scope: "TEAM", teamId: target.teamId };
    case "USER":
      return { organizationId, scope: "USER", userId: target.userId };
    case "KEY":
      return { organizationId, scope: "KEY", keyId: target.keyId };
  }
}

/**
 * Administrators set any budget. Team admins set key budgets on their teams' keys,
 * capped at the team's own budget, so they can divide the team's money but not add to it.
 */
export async function assertBudgetWritable(tx: Transaction, caller: Caller, target: BudgetTarget, amountMicros?: bigint): Promise<void> {
  const { scope } = caller;
  const organizationId = scope.organizationId;
  if (target.scope === "TEAM" && !(await tx.team.findFirst({ where: { id: target.teamId, organizationId }, select: { id: true } }))) {
    throw new AppError("not_found", "team not found");
  }
  if (target.scope === "USER" && !(await tx.user.findFirst({ where: { id: target.userId, organizationId }, select: { id: true } }))) {
    throw new AppError("not_found", "user not found");
  }
  if (scope.kind === "organization") {
    if (target.scope === "KEY" && !(await tx.virtualKey.findFirst({ where: { id: target.keyId, organizationId }, select: { id: true } }))) {
      throw new AppError("not_found", "key not found");
    }
    return;
  }
  if (target.scope !== "KEY" || scope.kind !== "teams")
    throw new AppError("forbidden", "team admins may only set budgets on their teams' keys");
  const key = await tx.virtualKey.findFirst({
    where: { id: target.keyId, organizationId, teamId: { in: scope.teamIds } },
    select: { teamId: true },
  });
  if (!key?.teamId) throw new AppError("not_found", "key not found");
  if (amountMicros === undefined) return;
  const teamBudget = await tx.budget.findFirst({
    where: { organizationId, scope: "TEAM", teamId: key.teamId },
    select: { amountMicros: true },
  });
  if (teamBudget && amountMicros > teamBudget.amountMicros) {
    throw new AppError("forbidden", "a key budget cannot exceed its team's budget");
  }
}

export async function upsertBudget(caller: Caller, input: z.infer<typeof upsertBudgetInput>): Promise<BudgetView> {
  const organizationId = caller.scope.organizationId;
  const { target } = input;
  return caller.prisma.$transaction(async (tx) => {
    await assertBudgetWritable(tx, caller, target, input.amountMicros);
    const existing = await tx.budget.findFirst({ where: targetWhere(organizationId, target), include: budgetInclude });
    const values = {
      amountMicros: input.amountMicros,
      period: input.period,
      softThreshold: input.softThreshold === undefined || input.softThreshold === null ? null : input.softThreshold.toFixed(4),
      // A new amount or period starts a fresh window; an unchanged period keeps its schedule.
      resetAt: existing && existing.period === input.period ? existing.resetAt : nextResetAt(input.period, new Date()),
    };
    const row = existing
      ? await tx.budget.update({ where: { id: existing.id }, data: values, include: budgetInclude })
      : await tx.budget.create({
          data: {
            organizationId,
            scope: target.scope,
            teamId: target.scope === "TEAM" ? target.teamId : null,
            userId: target.scope === "USER" ? target.userId : null,
            keyId: target.scope === "KEY" ? target.keyId : null,
            ...values,
          },
          include: budgetInclude,
        });
    const view = toBudgetView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: existing ? "budget-updated" : "budget-created",
      targetType: "budget",
      targetId: row.id,
      before: existing ? toBudgetView(existing) : undefined,
      after: view,
    });
    return view;
  });
}
