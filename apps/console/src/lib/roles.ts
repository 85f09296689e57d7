import type { Role } from "@switchyard/schemas";

export const roleLabels: Record<Role, string> = {
  ADMIN: "Admin",
  TEAM_ADMIN: "Team admin",
  MEMBER: "Member",
  FINANCE: "Finance",
  VIEWER: "Viewer",
};

export const roleDescriptions: Record<Role, string> = {
  ADMIN: "Full access to every team, key, model, policy and setting.",
  TEAM_ADMIN: "Manages members, keys and budgets of the teams they lead.",
  MEMBER: "Creates and uses their own keys and sees their own spend.",
  FINANCE: "Reads every budget and all spend; changes nothing else.",
  VIEWER: "Read-only access.",
};

export const teamRoleLabels: Record<string, string> = { TEAM_ADMIN: "Team admin", MEMBER: "Member" };
