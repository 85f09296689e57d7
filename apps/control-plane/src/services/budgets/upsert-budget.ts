import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Transaction } from "../../db";
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

/**
 * Locks and returns the id of the target's budget. The unique index budgets_target_key
 * (organization, scope, team/user/key folded to '') guarantees there is at most one.
 */
async function lockTargetBudget(tx: Transaction, organizationId: string, target: BudgetTarget): Promise<string | undefined> {
  const teamId = target.scope === "TEAM" ? target.teamId : "";
  const userId = target.scope === "USER" ? target.userId : "";
  const keyId = target.scope === "KEY" ? target.keyId : "";
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM budgets
    WHERE organization_id = ${organizationId} AND scope::text = ${target.scope}
      AND COALESCE(team_id, '') = ${teamId} AND COALESCE(user_id, '') = ${userId} AND COALESCE(key_id, '') = ${keyId}
    FOR UPDATE`;
  return rows[0]?.id;
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

/**
 * Insert-or-update on the target's unique index: the insert skips on conflict (waiting for a
 * concurrent insert of the same target to commit), then the existing row is locked and updated,
 * so concurrent upserts never create a second budget and each audit row sees the true "before".
 */
export async function upsertBudget(caller: Caller, input: z.infer<typeof upsertBudgetInput>): Promise<BudgetView> {
  const organizationId = caller.scope.organizationId;
  const { target } = input;
  const softThreshold = input.softThreshold === undefined || input.softThreshold === null ? null : input.softThreshold.toFixed(4);
  return caller.prisma.$transaction(async (tx) => {
    await assertBudgetWritable(tx, caller, target, input.amountMicros);
    const created = await tx.budget.createManyAndReturn({
      data: [
        {
          organizationId,
          scope: target.scope,
          teamId: target.scope === "TEAM" ? target.teamId : null,
          userId: target.scope === "USER" ? target.userId : null,
          keyId: target.scope === "KEY" ? target.keyId : null,
          amountMicros: input.amountMicros,
          period: input.period,
          softThreshold,
          resetAt: nextResetAt(input.period, new Date()),
        },
      ],
      skipDuplicates: true,
      select: { id: true },
    });
    const createdId = created[0]?.id;
    if (createdId) {
      const view = toBudgetView(await tx.budget.findUniqueOrThrow({ where: { id: createdId }, include: budgetInclude }));
      await writeAudit(tx, caller.actor, {
        organizationId,
        action: "budget-created",
        targetType: "budget",
        targetId: createdId,
        after: view,
      });
      return view;
    }
    const existingId = await lockTargetBudget(tx, organizationId, target);
    if (!existingId) throw new AppError("conflict", "the budget changed concurrently; try again");
    const existing = await tx.budget.findUniqueOrThrow({ where: { id: existingId }, include: budgetInclude });
    const row = await tx.budget.update({
      where: { id: existingId },
      data: {
        amountMicros: input.amountMicros,
        period: input.period,
        softThreshold,
        // A new period starts a fresh window; an unchanged period keeps its schedule.
        resetAt: existing.period === input.period ? existing.resetAt : nextResetAt(input.period, new Date()),
      },
      include: budgetInclude,
    });
    const view = toBudgetView(row);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "budget-updated",
      targetType: "budget",
      targetId: row.id,
      before: toBudgetView(existing),
      after: view,
    });
    return view;
  });
}
