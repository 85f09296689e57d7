"use client";

import type { AppRouter } from "@switchyard/control-plane/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { toast } from "sonner";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldErrorsOf } from "@/lib/errors";
import { isGuardrailType } from "@/lib/guardrails";
import { useTRPC } from "@/lib/trpc";
import { GuardrailFields } from "./guardrail-fields";
import { formValuesOf, type GuardrailFormValues, modeOf, newGuardrail, scopeOf, settingsOf, stageOf } from "./guardrail-form-state";

export type GuardrailRow = inferRouterOutputs<AppRouter>["guardrails"]["list"][number];

/** Create (no `existing`) or edit one policy. Mounted per opening so the fields start from the policy. */
export function GuardrailDialog({ existing, onClose }: { existing: GuardrailRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<GuardrailFormValues>(() =>
    existing && isGuardrailType(existing.type) ? formValuesOf({ ...existing, type: existing.type }) : newGuardrail,
  );
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.guardrails.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const create = useMutation(
    trpc.guardrails.create.mutationOptions({
      meta: { action: "create the guardrail" },
      onSuccess: async (saved) => {
        toast.success(`Guardrail ${saved.name} created`);
        onClose();
        await refresh();
      },
    }),
  );
  const update = useMutation(
    trpc.guardrails.update.mutationOptions({
      meta: { action: "save the guardrail" },
      onSuccess: async (saved) => {
        toast.success(`Guardrail ${saved.name} saved`);
        onClose();
        await refresh();
      },
    }),
  );
  const mutation = existing ? update : create;
  const errors = fieldErrorsOf(mutation.error);
  return (
    <FormDialog
      open
      onClose={onClose}
      title={existing ? `Edit ${existing.name}` : "New guardrail"}
      description="Guardrails run in the gateway on every request their scope covers, in the order of their ids."
      size="lg"
      testId="guardrail-dialog"
      formId="guardrail-form"
      pending={mutation.isPending}
      submitLabel={mutation.isPending ? "Saving…" : existing ? "Save" : "Create guardrail"}
      error={mutation.error}
      onSubmit={() => {
        const common = {
          name: values.name,
          mode: modeOf(values),
          stage: stageOf(values),
          settings: settingsOf(values),
          scope: scopeOf(values),
          enabled: values.enabled,
        };
        if (existing) update.mutate({ guardrailId: existing.id, ...common });
        else create.mutate({ ...common, slug: values.slug, type: values.type });
      }}
    >
      <GuardrailFields values={values} onChange={setValues} errors={errors} creating={existing === null} />
    </FormDialog>
  );
}
