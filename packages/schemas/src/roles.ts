/**
 * Roles and the `resource:action` permission table, shared by the control plane
 * (which enforces it) and the console (which only hides what a role may not do).
 */
export const roles = ["ADMIN", "TEAM_ADMIN", "MEMBER", "FINANCE", "VIEWER"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  "org:read",
  "org:write",
  "users:read",
  "users:write",
  "teams:read",
  "teams:write",
  "members:write",
  "keys:read",
  "keys:write",
  "budgets:read",
  "budgets:write",
  "credentials:read",
  "credentials:write",
  "models:read",
  "models:write",
  "routing:read",
  "routing:write",
  "guardrails:read",
  "guardrails:write",
  "config:read",
  "config:publish",
  "spend:read",
  "spend:read-all",
  "audit:read",
  "dataplanes:read",
] as const;
export type Permission = (typeof permissions)[number];

const readOnly: Permission[] = [
  "org:read",
  "teams:read",
  "models:read",
  "routing:read",
  "guardrails:read",
  "config:read",
  "dataplanes:read",
];

export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  ADMIN: new Set(permissions),
  /** Team-scoped: every query is also filtered by the teams they administer. */
  TEAM_ADMIN: new Set<Permission>([
    ...readOnly,
    "users:read",
    "members:write",
    "keys:read",
    "keys:write",
    "budgets:read",
    "budgets:write",
    "spend:read",
  ]),
  /** Own keys and own spend only. */
  MEMBER: new Set<Permission>([...readOnly, "keys:read", "keys:write", "spend:read"]),
  FINANCE: new Set<Permission>([...readOnly, "users:read", "keys:read", "budgets:read", "spend:read", "spend:read-all", "audit:read"]),
  VIEWER: new Set<Permission>([...readOnly, "keys:read", "budgets:read", "spend:read"]),
};

export function can(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}
