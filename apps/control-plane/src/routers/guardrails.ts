import { callerOf } from "../auth/caller";
import {
  createGuardrail,
  createGuardrailInput,
  deleteGuardrail,
  guardrailIdInput,
  listGuardrails,
  updateGuardrail,
  updateGuardrailInput,
} from "../services/guardrails/guardrail-policies";
import { configProcedure, router, scopedProcedure } from "../trpc";

export const guardrailsRouter = router({
  list: scopedProcedure("guardrails:read").query(({ ctx }) => listGuardrails(callerOf(ctx))),
  create: configProcedure("guardrails:write")
    .input(createGuardrailInput)
    .mutation(({ ctx, input }) => createGuardrail(callerOf(ctx), input)),
  update: configProcedure("guardrails:write")
    .input(updateGuardrailInput)
    .mutation(({ ctx, input }) => updateGuardrail(callerOf(ctx), input)),
  delete: configProcedure("guardrails:write")
    .input(guardrailIdInput)
    .mutation(({ ctx, input }) => deleteGuardrail(callerOf(ctx), input)),
});
