"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useModelNames } from "@/components/forms/limit-fields";
import { FormDialog } from "@/components/ui/form-dialog";
import { type FieldErrors, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { DeploymentFields } from "./deployment-fields";
import { type DeploymentFormValues, type DeploymentRow, deploymentInput, formValuesOf, newDeployment } from "./deployment-form-state";

/** Create (no `existing`) or edit one deployment. Mounted per opening so the fields start from the row. */
export function DeploymentDialog({
  existing,
  defaultModel,
  onClose,
}: {
  existing: DeploymentRow | null;
  defaultModel?: string;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const { names } = useModelNames();
  const [values, setValues] = useState<DeploymentFormValues>(() =>
    existing ? formValuesOf(existing) : { ...newDeployment, modelName: defaultModel ?? "" },
  );
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.deployments.pathFilter());
    await queryClient.invalidateQueries(trpc.credentials.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const create = useMutation(
    trpc.deployments.create.mutationOptions({
      meta: { action: "create the deployment" },
      onSuccess: async (saved) => {
        toast.success(`Deployment ${saved.slug} created`, { description: "Publish the configuration for gateways to use it." });
        onClose();
        await refresh();
      },
    }),
  );
  const update = useMutation(
    trpc.deployments.update.mutationOptions({
      meta: { action: "save the deployment" },
      onSuccess: async (saved) => {
        toast.success(`Deployment ${saved.slug} saved`);
        onClose();
        await refresh();
      },
    }),
  );
  const mutation = existing ? update : create;
  const errors = { ...fieldErrorsOf(mutation.error), ...localErrors };
  return (
    <FormDialog
      open
      onClose={onClose}
      title={existing ? `Edit ${existing.slug}` : "New deployment"}
      description="A deployment is one upstream the gateway can send a model's requests to."
      size="lg"
      testId="deployment-dialog"
      formId="deployment-form"
      pending={mutation.isPending}
      submitLabel={mutation.isPending ? "Saving…" : existing ? "Save deployment" : "Create deployment"}
      error={mutation.error}
      onSubmit={() => {
        const result = deploymentInput(values);
        setLocalErrors(result.errors ?? {});
        if (!result.input) return;
        if (existing) update.mutate({ deploymentId: existing.id, ...result.input, slug: undefined });
        else create.mutate(result.input);
      }}
    >
      <DeploymentFields
        values={values}
        onChange={setValues}
        errors={errors}
        creating={existing === null}
        models={names}
        credentials={credentials.data ?? []}
      />
    </FormDialog>
  );
}
