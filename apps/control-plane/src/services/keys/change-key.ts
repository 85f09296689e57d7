import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { keyLimitsShape } from "./create-key";
import { findScopedKey, type KeyView, keyInclude, toKeyView } from "./key-view";

export const keyIdInput = z.object({ keyId: z.string().min(1) }).strict();
export const updateKeyInput = z
  .object({ keyId: z.string().min(1), name: z.string().trim().min(1).max(120).optional(), ...keyLimitsShape })
  .strict();

export async function updateKey(caller: Caller, input: z.infer<typeof updateKeyInput>): Promise<KeyView> {
  const { keyId, expiresAt, ...rest } = input;
  return caller.prisma.$transaction(async (tx) => {
    const before = await findScopedKey(tx, caller, keyId);
    if (before.revokedAt) throw new AppError("precondition_failed", "a revoked key cannot be changed");
    const after = await tx.virtualKey.update({
      where: { id: before.id },
      data: { ...rest, ...(expiresAt === undefined ? {} : { expiresAt: expiresAt === null ? null : new Date(expiresAt) }) },
      include: keyInclude,
    });
    await writeAudit(tx, caller.actor, {
      organizationId: caller.scope.organizationId,
      action: "key-updated",
      targetType: "key",
      targetId: before.id,
      before: toKeyView(before),
      after: toKeyView(after),
    });
    return toKeyView(after);
  });
}

/** Revoking is immediate and final; a key in its rotation grace period is cut off too. */
export async function revokeKey(caller: Caller, input: z.infer<typeof keyIdInput>): Promise<KeyView> {
  return caller.prisma.$transaction(async (tx) => {
    const before = await findScopedKey(tx, caller, input.keyId);
    if (before.revokedAt) return toKeyView(before);
    const after = await tx.virtualKey.update({ where: { id: before.id }, data: { revokedAt: new Date() }, include: keyInclude });
    await writeAudit(tx, caller.actor, {
      organizationId: caller.scope.organizationId,
      action: "key-revoked",
      targetType: "key",
      targetId: before.id,
      before: toKeyView(before),
      after: toKeyView(after),
    });
    return toKeyView(after);
  });
}
