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
import { tryGuardrails, tryGuardrailsInput } from "../services/guardrails/try-guardrails";
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
  /**
   * What a sample text becomes under the guardrails, with the gateway's detectors. Changes nothing; a
   * mutation only because samples can be long and queries travel in the URL.
   */
  tryIt: scopedProcedure("guardrails:read")
    .input(tryGuardrailsInput)
    .mutation(({ ctx, input }) => tryGuardrails(callerOf(ctx), input)),
});
