import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { assertAnotherActiveAdmin } from "./change-user-role";
import { toUserView, type UserView, userInclude } from "./user-view";

export const userIdInput = z.object({ userId: z.string().min(1) }).strict();

/**
 * Deactivated users cannot sign in, their assertions stop resolving to a session,
 * and the config compiler drops the virtual keys they own.
 */
export async function deactivateUser(caller: Caller, input: z.infer<typeof userIdInput>): Promise<UserView> {
  if (input.userId === caller.actor.id) throw new AppError("precondition_failed", "you cannot deactivate yourself");
  return setStatus(caller, input.userId, "DEACTIVATED", "user-deactivated");
}

export async function reactivateUser(caller: Caller, input: z.infer<typeof userIdInput>): Promise<UserView> {
  return setStatus(caller, input.userId, "ACTIVE", "user-reactivated");
}

async function setStatus(caller: Caller, userId: string, status: "ACTIVE" | "DEACTIVATED", action: string): Promise<UserView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.user.findFirst({ where: { id: userId, organizationId }, include: userInclude });
    if (!before) throw new AppError("not_found", "user not found");
    if (status === "DEACTIVATED" && before.role === "ADMIN") await assertAnotherActiveAdmin(tx, organizationId, before.id);
    const after = await tx.user.update({ where: { id: before.id }, data: { status }, include: userInclude });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action,
      targetType: "user",
      targetId: before.id,
      before: { status: before.status },
      after: { status: after.status },
    });
    return toUserView(after);
  });
}
