import { roles } from "@switchyard/schemas";
import { z } from "zod";
import { writeAudit } from "../../audit/write-audit";
import type { Caller } from "../../auth/caller";
import { AppError } from "../../errors";
import { groupRoleMappingSchema, type OrganizationView, toOrganizationView } from "./get-organization";

export const updateOrganizationInput = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    restrictSignup: z.boolean().optional(),
    autoPublish: z.boolean().optional(),
    groupRoleMapping: groupRoleMappingSchema.optional(),
    defaultRole: z.enum(roles).optional(),
  })
  .strict();
export type UpdateOrganizationInput = z.infer<typeof updateOrganizationInput>;

export async function updateOrganization(caller: Caller, input: UpdateOrganizationInput): Promise<OrganizationView> {
  const organizationId = caller.scope.organizationId;
  return caller.prisma.$transaction(async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: organizationId } });
    if (!before) throw new AppError("not_found", "organisation not found");
    const after = await tx.organization.update({ where: { id: organizationId }, data: input });
    const view = toOrganizationView(after);
    await writeAudit(tx, caller.actor, {
      organizationId,
      action: "organization-updated",
      targetType: "organization",
      targetId: organizationId,
      before: toOrganizationView(before),
      after: view,
    });
    return view;
  });
}
