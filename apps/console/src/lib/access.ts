import { can } from "@switchyard/schemas";
import type { ConsoleUser } from "@/types/next-auth";

/** The signed-in user as client components see it: enough to decide which controls to show. */
export type Viewer = Pick<ConsoleUser, "id" | "email" | "role" | "teams">;

/**
 * Members, keys and key budgets of a team: organisation-wide managers (teams:write) manage every team,
 * team admins the teams they lead. The control plane applies the same rule in its data scope.
 */
export function canManageTeam(viewer: Viewer, teamId: string): boolean {
  if (!can(viewer.role, "members:write")) return false;
  if (can(viewer.role, "teams:write")) return true;
  return viewer.teams.some((team) => team.id === teamId && team.role === "TEAM_ADMIN");
}
