import { can, type Permission, type Role } from "@switchyard/schemas";

export type NavIcon = "overview" | "teams" | "keys" | "models" | "guardrails" | "versions" | "spend" | "audit" | "users";

export interface NavItem {
  label: string;
  href: string;
  icon: NavIcon;
  /** What the role needs to see the item; the control plane enforces the same permission. */
  permission?: Permission;
  /** Pages not built yet are listed but not linked, so nobody lands on a page without real data. */
  available: boolean;
}

export interface NavSection {
  label: string;
  items: NavItem[];
}

export const navigation: NavSection[] = [
  {
    label: "Workspace",
    items: [
      { label: "Overview", href: "/", icon: "overview", available: true },
      { label: "Teams", href: "/teams", icon: "teams", permission: "teams:read", available: true },
      { label: "Keys", href: "/keys", icon: "keys", permission: "keys:read", available: true },
      { label: "Spend", href: "/spend", icon: "spend", permission: "spend:read", available: true },
    ],
  },
  {
    label: "Gateway",
    items: [
      { label: "Models & routing", href: "/models", icon: "models", permission: "models:read", available: true },
      { label: "Guardrails", href: "/guardrails", icon: "guardrails", permission: "guardrails:read", available: true },
      { label: "Config versions", href: "/config", icon: "versions", permission: "config:read", available: true },
    ],
  },
  {
    label: "Administration",
    items: [
      { label: "Audit log", href: "/audit", icon: "audit", permission: "audit:read", available: true },
      // Team admins and finance may look users up (users:read); this page manages users and roles.
      { label: "Users", href: "/users", icon: "users", permission: "users:write", available: true },
    ],
  },
];

/** The sections and items this role may see, empty sections dropped. */
export function navigationFor(role: Role): NavSection[] {
  return navigation
    .map((section) => ({ ...section, items: section.items.filter((item) => !item.permission || can(role, item.permission)) }))
    .filter((section) => section.items.length > 0);
}

export function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}
