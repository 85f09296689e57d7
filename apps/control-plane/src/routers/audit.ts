import { callerOf } from "../auth/caller";
import { listAudit, listAuditInput } from "../services/audit/list-audit";
import { router, scopedProcedure } from "../trpc";

export const auditRouter = router({
  list: scopedProcedure("audit:read")
    .input(listAuditInput)
    .query(({ ctx, input }) => listAudit(callerOf(ctx), input)),
});
