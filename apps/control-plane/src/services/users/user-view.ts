import type { Role } from "@switchyard/schemas";
import type { Prisma } from "../../db";
import { iso } from "../../util/dates";

export const userInclude = { memberships: { include: { team: true } } } satisfies Prisma.UserInclude;
type UserRow = Prisma.UserGetPayload<{ include: typeof userInclude }>;

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: "INVITED" | "ACTIVE" | "DEACTIVATED";
  lastLoginAt: string | null;
  createdAt: string;
  teams: { id: string; slug: string; name: string; role: "TEAM_ADMIN" | "MEMBER" }[];
}

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    lastLoginAt: iso(row.lastLoginAt),
    createdAt: iso(row.createdAt),
    teams: row.memberships
      .filter((membership) => membership.team.archivedAt === null)
      .map((membership) => ({ id: membership.team.id, slug: membership.team.slug, name: membership.team.name, role: membership.role })),
  };
}
