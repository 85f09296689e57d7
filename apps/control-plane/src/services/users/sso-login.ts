import type { Role } from "@switchyard/schemas";
import { writeAudit } from "../../audit/write-audit";
import type { SsoClaims } from "../../auth/assertion";
import type { Database } from "../../db";
import { AppError } from "../../errors";
import { groupRoleMappingSchema } from "../organization/get-organization";
import { userInclude } from "./user-view";

/** When IdP groups map to several roles, the most powerful wins. */
const rolePrecedence: Role[] = ["ADMIN", "TEAM_ADMIN", "FINANCE", "MEMBER", "VIEWER"];

export function roleFromGroups(groups: string[], mappingJson: unknown, defaultRole: Role): Role {
  const mapping = groupRoleMappingSchema.safeParse(mappingJson);
  if (!mapping.success) return defaultRole;
  const mapped = new Set(groups.flatMap((group) => (mapping.data[group] ? [mapping.data[group]] : [])));
  return rolePrecedence.find((role) => mapped.has(role)) ?? defaultRole;
}

export interface SsoLoginResult {
  user: {
    id: string;
    email: string;
    name: string | null;
    role: Role;
    teams: { id: string; slug: string; name: string; role: "TEAM_ADMIN" | "MEMBER" }[];
  };
}

/**
 * The console calls this from next-auth's sign-in callback. First sign-in creates
 * the user (role from IdP groups, else the organisation default) unless sign-up
 * is restricted; an invited user is activated. Existing users keep the role an
 * administrator gave them: groups only seed it.
 */
export async function ssoLogin(
  prisma: Database,
  organizationId: string,
  claims: SsoClaims,
  ip: string | undefined,
): Promise<SsoLoginResult> {
  const email = claims.email.toLowerCase();
  return prisma.$transaction(async (tx) => {
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const existing =
      (await tx.user.findFirst({ where: { ssoIssuer: claims.issuer, ssoSubject: claims.subject } })) ??
      (await tx.user.findUnique({ where: { email } }));
    if (existing && existing.organizationId !== organizationId)
      throw new AppError("forbidden", "this account belongs to another organisation", "signup_restricted");
    if (existing?.status === "DEACTIVATED") throw new AppError("forbidden", "this account has been deactivated", "user_deactivated");
    if (!existing && organization.restrictSignup) {
      throw new AppError(
        "forbidden",
        "sign-up is restricted to invited users; ask an administrator for an invitation",
        "signup_restricted",
      );
    }
    const now = new Date();
    const identity = { ssoIssuer: claims.issuer, ssoSubject: claims.subject, lastLoginAt: now };
    const user = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: { ...identity, name: claims.name ?? existing.name, status: "ACTIVE" },
          include: userInclude,
        })
      : await tx.user.create({
          data: {
            organizationId,
            email,
            name: claims.name ?? null,
            role: roleFromGroups(claims.groups, organization.groupRoleMapping, organization.defaultRole),
            status: "ACTIVE",
            emailVerified: now,
            ...identity,
          },
          include: userInclude,
        });
    const actor = { id: user.id, email: user.email, ip: claims.ip ?? ip };
    if (!existing) {
      await writeAudit(tx, actor, {
        organizationId,
        action: "user-created",
        targetType: "user",
        targetId: user.id,
        after: { email, role: user.role, groups: claims.groups },
      });
    }
    await writeAudit(tx, actor, {
      organizationId,
      action: "user-signed-in",
      targetType: "user",
      targetId: user.id,
      after: { issuer: claims.issuer, subject: claims.subject, firstLogin: !existing, activated: existing?.status === "INVITED" },
    });
    return {
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        teams: user.memberships
          .filter((membership) => membership.team.archivedAt === null)
          .map((membership) => ({ id: membership.team.id, slug: membership.team.slug, name: membership.team.name, role: membership.role })),
      },
    };
  });
}
