import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Transaction } from "../../db";
import { AppError } from "../../errors";
import { generateKey } from "./generate-key";
import { type KeyView, keyInclude, toKeyView } from "./key-view";

export const keyLimitsShape = {
  allowedModels: z.array(z.string().min(1)).max(200).optional(),
  rpm: z.number().int().positive().nullable().optional(),
  tpm: z.number().int().positive().nullable().optional(),
  maxParallel: z.number().int().positive().nullable().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
};

export const createKeyInput = z
  .object({
    name: z.string().trim().min(1).max(120),
    teamId: z.string().min(1).nullable().optional(),
    /** Omitted: the caller. */
    ownerId: z.string().min(1).optional(),
    ...keyLimitsShape,
  })
  .strict();

export interface CreatedKey {
  key: KeyView;
  /** Shown exactly once; only its SHA-256 is stored. */
  plaintext: string;
}

/**
 * Who may own a key on which team: administrators anything in the organisation,
 * team admins keys of the teams they run (for members of that team) or their own,
 * members only their own keys on teams they belong to.
 */
async function assertKeyPlacement(tx: Transaction, caller: Caller, teamId: string | null, ownerId: string): Promise<void> {
  const { scope } = caller;
  if (teamId) {
    const team = await tx.team.findFirst({
      where: { id: teamId, organizationId: scope.organizationId, archivedAt: null },
      select: { id: true },
    });
    if (!team) throw new AppError("not_found", "team not found");
  }
  const owner = await tx.user.findFirst({
    where: { id: ownerId, organizationId: scope.organizationId },
    select: { status: true, memberships: { select: { teamId: true } } },
  });
  if (!owner) throw new AppError("not_found", "owner not found");
  if (owner.status === "DEACTIVATED") throw new AppError("precondition_failed", "the owner is deactivated");
  if (scope.kind === "organization") return;
  const ownerTeams = owner.memberships.map((membership) => membership.teamId);
  if (scope.kind === "teams") {
    if (teamId && scope.teamIds.includes(teamId) && ownerTeams.includes(teamId)) return;
    if (ownerId === scope.userId && (teamId === null || ownerTeams.includes(teamId))) return;
    throw new AppError("forbidden", "team admins create keys only on their teams, for members of those teams");
  }
  if (ownerId !== scope.userId) throw new AppError("forbidden", "you can only create keys for yourself");
  if (teamId && !scope.teamIds.includes(teamId)) throw new AppError("forbidden", "you are not a member of that team");
}

export async function createKey(caller: Caller, input: z.infer<typeof createKeyInput>): Promise<CreatedKey> {
  const organizationId = caller.scope.organizationId;
  const teamId = input.teamId ?? null;
  const ownerId = input.ownerId ?? caller.scope.userId;
  const generated = generateKey();
  return caller.prisma.$transaction(async (tx) => {
    await assertKeyPlacement(tx, caller, teamId, ownerId);
    const row = await tx.virtualKey.create({
      data: {
        organizationId,
        name: input.name,
        keyHash: generated.hash,
        prefix: generated.prefix,
        ownerId,
        createdById: caller.actor.id,
        teamId,
        allowedModels: input.allowedModels ?? [],
        rpm: input.rpm ?? null,
        tpm: input.tpm ?? null,
        maxParallel: input.maxParallel ?? null,
        expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
      },
      include: keyInclude,
    });
    const key = toKeyView(row);
    await writeAudit(tx, caller.actor, { organizationId, action: "key-created", targetType: "key", targetId: row.id, after: key });
    return { key, plaintext: generated.plaintext };
  });
}
