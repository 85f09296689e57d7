import { roles } from "@switchyard/schemas";
import { z } from "zod";
import type { Caller } from "../../auth/caller";
import type { Database } from "../../db";
import { AppError } from "../../errors";
import { iso } from "../../util/dates";

export const groupRoleMappingSchema = z.record(z.string().min(1), z.enum(roles));
export type GroupRoleMapping = z.infer<typeof groupRoleMappingSchema>;

export interface OrganizationView {
  id: string;
  name: string;
  slug: string;
  restrictSignup: boolean;
  autoPublish: boolean;
  groupRoleMapping: GroupRoleMapping;
  defaultRole: (typeof roles)[number];
  createdAt: string;
  updatedAt: string;
}

type OrganizationRow = NonNullable<Awaited<ReturnType<Database["organization"]["findUnique"]>>>;

export function toOrganizationView(row: OrganizationRow): OrganizationView {
  const mapping = groupRoleMappingSchema.safeParse(row.groupRoleMapping);
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    restrictSignup: row.restrictSignup,
    autoPublish: row.autoPublish,
    groupRoleMapping: mapping.success ? mapping.data : {},
    defaultRole: row.defaultRole,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export async function getOrganization(caller: Caller): Promise<OrganizationView> {
  const row = await caller.prisma.organization.findUnique({ where: { id: caller.scope.organizationId } });
  if (!row) throw new AppError("not_found", "organisation not found");
  return toOrganizationView(row);
}
