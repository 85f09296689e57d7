import { roles } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Transaction } from "../../db";
import { AppError } from "../../errors";
import { toUserView, type UserView, userInclude } from "./user-view";

export const changeUserRoleInput = z.object({ userId: z.string().min(1), role: z.enum(roles) }).strict();

/** Refuses changes that would leave the organisation without an active administrator. */
export async function assertAnotherActiveAdmin(tx: Transaction, organizationId: string, exceptUserId: string): Promise<void> {
  const others = await tx.user.count({ where: { organizationId, role: "ADMIN", status: "ACTIVE", id: { not: exceptUserId } } });
  if (others === 0) throw new AppError("precondition_failed", "the organisation needs at least one active administrator");
}

export async function changeUserRole(caller: Caller, input: z.infer<typeof changeUserRoleInput>): Promise<UserView> {
  const organizationId = caller.scope.organizationId;
  if (input.userId === caller.actor.id) throw new AppError("precondition_failed", "you cannot change your own role");
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.user.findFirst({ where: { id: input.userId, organizationId }, include: userInclude });
    if (!before) throw new AppError("not_found", "user not found");
    if (before.role === "ADMIN" && input.role !== "ADMIN") await assertAnotherActiveAdmin(tx, organizationId, before.id);
    const after = await tx.user.update({ where: { id: before.id }, data: { role: input.role }, include: userInclude });
    const view = toUserView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "user-role-changed",
      targetType: "user",
      targetId: before.id,
      before: { role: before.role },
      after: { role: after.role },
    });
    return view;
  });
}
