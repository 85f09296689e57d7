import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import type { CreatedKey } from "./create-key";
import { generateKey } from "./generate-key";
import { findScopedKey, keyInclude, keyStatus, toKeyView } from "./key-view";

const maxGraceSeconds = 30 * 24 * 3600;

export const rotateKeyInput = z
  .object({
    keyId: z.string().min(1),
    /** How long the old key keeps working; 0 or omitted = revoked immediately. */
    gracePeriodSeconds: z.number().int().min(0).max(maxGraceSeconds).default(0),
  })
  .strict();

/**
 * Issues a replacement with the same team, owner, models, limits, expiry and
 * budgets. The old key stays valid until `graceUntil` so clients can switch over.
 */
export async function rotateKey(
  caller: Caller,
  input: z.infer<typeof rotateKeyInput>,
): Promise<CreatedKey & { previous: ReturnType<typeof toKeyView> }> {
  const generated = generateKey();
  return caller.prisma.$transaction(async (tx) => {
    const old = await findScopedKey(tx, caller, input.keyId);
    const status = keyStatus(old);
    if (status === "revoked" || status === "grace")
      throw new AppError("precondition_failed", "only an active or expired key can be rotated");
    const now = new Date();
    const successor = await tx.virtualKey.create({
      data: {
        organizationId: old.organizationId,
        name: old.name,
        keyHash: generated.hash,
        prefix: generated.prefix,
        ownerId: old.ownerId,
        createdById: caller.actor.id,
        teamId: old.teamId,
        allowedModels: old.allowedModels,
        rpm: old.rpm,
        tpm: old.tpm,
        maxParallel: old.maxParallel,
        expiresAt: old.expiresAt,
        metadata: old.metadata ?? {},
        rotatedFromId: old.id,
      },
      include: keyInclude,
    });
    const retired = await tx.virtualKey.update({
      where: { id: old.id },
      data: input.gracePeriodSeconds > 0 ? { graceUntil: new Date(now.getTime() + input.gracePeriodSeconds * 1000) } : { revokedAt: now },
      include: keyInclude,
    });
    const budgets = await tx.budget.findMany({ where: { keyId: old.id } });
    for (const budget of budgets) {
      await tx.budget.create({
        data: {
          organizationId: budget.organizationId,
          scope: "KEY",
          keyId: successor.id,
          amountMicros: budget.amountMicros,
          period: budget.period,
          softThreshold: budget.softThreshold,
          resetAt: budget.resetAt,
        },
      });
    }
    const key = toKeyView(successor);
    const previous = toKeyView(retired);
    await writeAudit(tx, caller.actor, {
      organizationId: old.organizationId,
      action: "key-rotated",
      targetType: "key",
      targetId: old.id,
      before: toKeyView(old),
      after: { previous, successor: key, gracePeriodSeconds: input.gracePeriodSeconds },
    });
    return { key, plaintext: generated.plaintext, previous };
  });
}
