import { callerOf } from "../auth/caller";
import { getOverview } from "../services/overview/get-overview";
import { router, scopedProcedure } from "../trpc";

export const overviewRouter = router({
  /** The Overview page in one call; spend figures cover what the caller may read, budget and gateways only for roles that see them. */
  get: scopedProcedure("spend:read").query(({ ctx }) => getOverview(callerOf(ctx), ctx.session)),
});
