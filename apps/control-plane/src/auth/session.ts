import type { Role } from "@switchyard/schemas";
import type { Database } from "../db";

/** Who is calling, as loaded from the database after the assertion verified. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  organizationId: string;
}

export interface SessionTeam {
  id: string;
  slug: string;
  name: string;
  role: "TEAM_ADMIN" | "MEMBER";
}

export interface Session {
  user: SessionUser;
  teams: SessionTeam[];
}

/** Loads an ACTIVE user with their team memberships; anyone else has no session. */
export async function loadSession(prisma: Database, userId: string): Promise<Session | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    include: { memberships: { include: { team: true } } },
  });
  if (user?.status !== "ACTIVE") return null;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, organizationId: user.organizationId },
    teams: user.memberships
      .filter((membership) => membership.team.archivedAt === null)
      .map((membership) => ({ id: membership.team.id, slug: membership.team.slug, name: membership.team.name, role: membership.role })),
  };
}
