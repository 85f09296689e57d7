import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { findManageableTeam, type TeamView, teamInclude, toTeamView } from "./team-view";

const teamRole = z.enum(["TEAM_ADMIN", "MEMBER"]);

export const addTeamMemberInput = z
  .object({
    teamId: z.string().min(1),
    /** By id, or by email (team admins cannot list users outside their teams). */
    userId: z.string().min(1).optional(),
    email: z.string().trim().toLowerCase().email().optional(),
    role: teamRole.default("MEMBER"),
  })
  .strict()
  .refine((input) => Boolean(input.userId) !== Boolean(input.email), { message: "give exactly one of userId or email", path: ["userId"] });

export const removeTeamMemberInput = z.object({ teamId: z.string().min(1), userId: z.string().min(1) }).strict();
export const changeTeamMemberRoleInput = z.object({ teamId: z.string().min(1), userId: z.string().min(1), role: teamRole }).strict();

export async function addTeamMember(caller: Caller, input: z.infer<typeof addTeamMemberInput>): Promise<TeamView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const team = await findManageableTeam(tx, caller, input.teamId);
    const user = await tx.user.findFirst({
      where: { organizationId, ...(input.userId ? { id: input.userId } : { email: input.email }) },
      select: { id: true, email: true },
    });
    if (!user) throw new AppError("not_found", "user not found");
    if (team.memberships.some((membership) => membership.userId === user.id))
      throw new AppError("conflict", "already a member of this team");
    await tx.teamMembership.create({ data: { teamId: team.id, userId: user.id, role: input.role } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "team-member-added",
      targetType: "team",
      targetId: team.id,
      after: { userId: user.id, email: user.email, role: input.role },
    });
    return toTeamView(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }));
  });
}

export async function removeTeamMember(caller: Caller, input: z.infer<typeof removeTeamMemberInput>): Promise<TeamView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const team = await findManageableTeam(tx, caller, input.teamId);
    const membership = team.memberships.find((candidate) => candidate.userId === input.userId);
    if (!membership) throw new AppError("not_found", "not a member of this team");
    await tx.teamMembership.delete({ where: { id: membership.id } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "team-member-removed",
      targetType: "team",
      targetId: team.id,
      before: { userId: membership.userId, email: membership.user.email, role: membership.role },
    });
    return toTeamView(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }));
  });
}

export async function changeTeamMemberRole(caller: Caller, input: z.infer<typeof changeTeamMemberRoleInput>): Promise<TeamView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const team = await findManageableTeam(tx, caller, input.teamId);
    const membership = team.memberships.find((candidate) => candidate.userId === input.userId);
    if (!membership) throw new AppError("not_found", "not a member of this team");
    await tx.teamMembership.update({ where: { id: membership.id }, data: { role: input.role } });
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "team-member-role-changed",
      targetType: "team",
      targetId: team.id,
      before: { userId: membership.userId, role: membership.role },
      after: { userId: membership.userId, role: input.role },
    });
    return toTeamView(await tx.team.findUniqueOrThrow({ where: { id: team.id }, include: teamInclude }));
  });
}
