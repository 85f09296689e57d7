import type { Caller } from "../../auth/caller";
import { canManageTeam } from "../../auth/data-scope";
import type { Prisma, Transaction } from "../../db";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

export const teamInclude = { memberships: { include: { user: true }, orderBy: { createdAt: "asc" } } } satisfies Prisma.TeamInclude;
type TeamRow = Prisma.TeamGetPayload<{ include: typeof teamInclude }>;

export interface TeamMemberView {
  userId: string;
  email: string;
  name: string | null;
  role: "TEAM_ADMIN" | "MEMBER";
}

export interface TeamView {
  id: string;
  slug: string;
  name: string;
  rpm: number | null;
  tpm: number | null;
  maxParallel: number | null;
  allowedModels: string[];
  logPayloads: boolean;
  archivedAt: string | null;
  createdAt: string;
  members: TeamMemberView[];
}

export function toTeamView(row: TeamRow): TeamView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    rpm: row.rpm,
    tpm: row.tpm,
    maxParallel: row.maxParallel,
    allowedModels: row.allowedModels,
    logPayloads: row.logPayloads,
    archivedAt: iso(row.archivedAt),
    createdAt: iso(row.createdAt),
    members: row.memberships.map((membership) => ({
      userId: membership.userId,
      email: membership.user.email,
      name: membership.user.name,
      role: membership.role,
    })),
  };
}

/** Loads a team the caller may manage; any other team is "not found" so its existence does not leak. */
export async function findManageableTeam(tx: Transaction, caller: Caller, teamId: string): Promise<TeamRow> {
  const team = await tx.team.findFirst({ where: { id: teamId, organizationId: caller.scope.organizationId }, include: teamInclude });
  if (!team || !canManageTeam(caller.scope, team.id)) throw new AppError("not_found", "team not found");
  return team;
}
