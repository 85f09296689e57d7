import { roles } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { toUserView, type UserView, userInclude } from "./user-view";

export const inviteUserInput = z
  .object({
    email: z.string().trim().toLowerCase().email(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Omitted: the organisation's default role. */
    role: z.enum(roles).optional(),
    teamIds: z.array(z.string().min(1)).max(50).default([]),
  })
  .strict();

/** Creates an INVITED user; their first SSO sign-in activates them (and bypasses restricted sign-up). */
export async function inviteUser(caller: Caller, input: z.infer<typeof inviteUserInput>): Promise<UserView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw new AppError("conflict", `a user with email ${input.email} already exists`);
    const teams = await tx.team.findMany({ where: { organizationId, id: { in: input.teamIds }, archivedAt: null }, select: { id: true } });
    if (teams.length !== new Set(input.teamIds).size) throw new AppError("not_found", "one or more teams do not exist");
    const user = await tx.user.create({
      data: {
        organizationId,
        email: input.email,
        name: input.name ?? null,
        role: input.role ?? organization.defaultRole,
        status: "INVITED",
        memberships: { create: teams.map((team) => ({ teamId: team.id, role: "MEMBER" as const })) },
      },
      include: userInclude,
    });
    const view = toUserView(user);
    await writeAudit(tx, caller.actor, { organizationId, action: "user-invited", targetType: "user", targetId: user.id, after: view });
    return view;
  });
}
