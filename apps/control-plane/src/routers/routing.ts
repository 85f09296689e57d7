import { callerOf } from "../auth/caller";
import {
  deleteRoutingPolicy,
  deleteRoutingPolicyInput,
  listRoutingPolicies,
  upsertRoutingPolicy,
  upsertRoutingPolicyInput,
} from "../services/routing/routing-policies";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const routingRouter = router({
  /** The organisation default (modelName null) and per-model policies. */
  list: scopedProcedure("routing:read").query(({ ctx }) => listRoutingPolicies(callerOf(ctx))),
  upsert: configProcedure("routing:write")
    .input(upsertRoutingPolicyInput)
    .mutation(({ ctx, input }) => upsertRoutingPolicy(callerOf(ctx), input)),
  delete: configProcedure("routing:write")
    .input(deleteRoutingPolicyInput)
    .mutation(({ ctx, input }) => deleteRoutingPolicy(callerOf(ctx), input)),
});
