import { callerOf } from "../auth/caller";
import { getOrganization } from "../services/organization/get-organization";
import { updateOrganization, updateOrganizationInput } from "../services/organization/update-organization";
import { router, scopedProcedure } from "../trpc";

export const organizationRouter = router({
  get: scopedProcedure("org:read").query(({ ctx }) => getOrganization(callerOf(ctx))),
  update: scopedProcedure("org:write")
    .input(updateOrganizationInput)
    .mutation(({ ctx, input }) => updateOrganization(callerOf(ctx), input)),
});
