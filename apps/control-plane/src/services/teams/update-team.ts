import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import type { Prisma } from "../../db";
import { AppError } from "../../errors";
import { teamLimitsShape } from "./create-team";
import { type TeamView, teamInclude, toTeamView } from "./team-view";

export const renameTeamInput = z.object({ teamId: z.string().min(1), name: z.string().trim().min(1).max(120) }).strict();
export const setTeamLimitsInput = z.object({ teamId: z.string().min(1), ...teamLimitsShape }).strict();
export const teamIdInput = z.object({ teamId: z.string().min(1) }).strict();

export async function renameTeam(caller: Caller, input: z.infer<typeof renameTeamInput>): Promise<TeamView> {
  return updateTeam(caller, input.teamId, { name: input.name }, "team-renamed");
}

export async function setTeamLimits(caller: Caller, input: z.infer<typeof setTeamLimitsInput>): Promise<TeamView> {
  const { teamId, ...limits } = input;
  return updateTeam(caller, teamId, limits, "team-limits-changed");
}

/** Archived teams keep their history (spend, audit) but their keys stop working. */
export async function archiveTeam(caller: Caller, input: z.infer<typeof teamIdInput>): Promise<TeamView> {
  return updateTeam(caller, input.teamId, { archivedAt: new Date() }, "team-archived");
}

export async function unarchiveTeam(caller: Caller, input: z.infer<typeof teamIdInput>): Promise<TeamView> {
  return updateTeam(caller, input.teamId, { archivedAt: null }, "team-unarchived");
}

async function updateTeam(caller: Caller, teamId: string, data: Prisma.TeamUpdateInput, action: string): Promise<TeamView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.team.findFirst({ where: { id: teamId, organizationId }, include: teamInclude });
    if (!before) throw new AppError("not_found", "team not found");
    const after = await tx.team.update({ where: { id: before.id }, data, include: teamInclude });
    const { members: _beforeMembers, ...beforeView } = toTeamView(before);
    const { members: _afterMembers, ...afterView } = toTeamView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action,
      targetType: "team",
      targetId: before.id,
      before: beforeView,
      after: afterView,
    });
    return toTeamView(after);
  });
}
