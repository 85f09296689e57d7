import type { Role } from "@switchyard/schemas";
import type { Prisma } from "../db";
import type { Session } from "./session";

/**
 * How much of the organisation a role's reads and writes reach. Permissions say
 * *what* a role may do; the scope says *where*, and is applied inside every
 * `where` clause so a missed check yields "not found", never another team's data.
 */
export type ScopeKind = "organization" | "teams" | "own";

const scopeKindByRole: Record<Role, ScopeKind> = {
  ADMIN: "organization",
  FINANCE: "organization",
  TEAM_ADMIN: "teams",
  MEMBER: "own",
  VIEWER: "own",
};

export type DataScope =
  | { kind: "organization"; organizationId: string; userId: string }
  /** teamIds: the teams this user administers. */
  | { kind: "teams"; organizationId: string; userId: string; teamIds: string[] }
  /** teamIds: the teams this user belongs to (visible, not writable). */
  | { kind: "own"; organizationId: string; userId: string; teamIds: string[] };

export function dataScopeOf(session: Session): DataScope {
  const base = { organizationId: session.user.organizationId, userId: session.user.id };
  const kind = scopeKindByRole[session.user.role];
  if (kind === "organization") return { kind, ...base };
  if (kind === "teams") {
    return { kind, ...base, teamIds: session.teams.filter((team) => team.role === "TEAM_ADMIN").map((team) => team.id) };
  }
  return { kind, ...base, teamIds: session.teams.map((team) => team.id) };
}

export function teamWhere(scope: DataScope): Prisma.TeamWhereInput {
  if (scope.kind === "organization") return { organizationId: scope.organizationId };
  return { organizationId: scope.organizationId, id: { in: scope.teamIds } };
}

/** Teams whose members, keys and budgets this scope may change. */
export function canManageTeam(scope: DataScope, teamId: string): boolean {
  if (scope.kind === "organization") return true;
  if (scope.kind === "teams") return scope.teamIds.includes(teamId);
  return false;
}

export function userWhere(scope: DataScope): Prisma.UserWhereInput {
  if (scope.kind === "organization") return { organizationId: scope.organizationId };
  if (scope.kind === "teams") {
    return {
      organizationId: scope.organizationId,
      OR: [{ id: scope.userId }, { memberships: { some: { teamId: { in: scope.teamIds } } } }],
    };
  }
  return { organizationId: scope.organizationId, id: scope.userId };
}

export function keyWhere(scope: DataScope): Prisma.VirtualKeyWhereInput {
  if (scope.kind === "organization") return { organizationId: scope.organizationId };
  if (scope.kind === "teams") {
    return { organizationId: scope.organizationId, OR: [{ teamId: { in: scope.teamIds } }, { ownerId: scope.userId }] };
  }
  return { organizationId: scope.organizationId, ownerId: scope.userId };
}

export function budgetWhere(scope: DataScope): Prisma.BudgetWhereInput {
  if (scope.kind === "organization") return { organizationId: scope.organizationId };
  if (scope.kind === "teams") {
    return {
      organizationId: scope.organizationId,
      OR: [{ teamId: { in: scope.teamIds } }, { key: { teamId: { in: scope.teamIds } } }, { userId: scope.userId }],
    };
  }
  return {
    organizationId: scope.organizationId,
    OR: [{ userId: scope.userId }, { key: { ownerId: scope.userId } }, { teamId: { in: scope.teamIds } }],
  };
}

/**
 * Which spend rollup rows a reader reaches: everything in the organisation (spend:read-all,
 * or an organisation-wide scope), the teams they administer, or their own requests. The spend
 * queries turn this into the `WHERE` of every rollup read.
 */
export type SpendReach =
  | { kind: "organization"; organizationId: string }
  | { kind: "teams"; organizationId: string; teamIds: string[] }
  | { kind: "own"; organizationId: string; userId: string };

export function spendReachOf(scope: DataScope, readsAllSpend: boolean): SpendReach {
  const { organizationId } = scope;
  if (readsAllSpend || scope.kind === "organization") return { kind: "organization", organizationId };
  if (scope.kind === "teams") return { kind: "teams", organizationId, teamIds: scope.teamIds };
  return { kind: "own", organizationId, userId: scope.userId };
}
