"use client";

import type { AppRouter } from "@switchyard/control-plane/router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useState } from "react";
import { toast } from "sonner";
import { Field, Select, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { type ProviderName, providerLabels, providerNames } from "@/lib/providers";
import { useTRPC } from "@/lib/trpc";

export type CredentialRow = inferRouterOutputs<AppRouter>["credentials"]["list"][number];

/**
 * Add a provider credential, or replace the secret of an existing one. The secret box is
 * write-only: nothing ever fills it from the server, and the browser is told not to remember it.
 */
export function CredentialDialog({ existing, onClose }: { existing: CredentialRow | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [provider, setProvider] = useState<ProviderName>("openai");
  const [apiKey, setApiKey] = useState("");
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.credentials.pathFilter());
    await queryClient.invalidateQueries(trpc.deployments.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const create = useMutation(
    trpc.credentials.create.mutationOptions({
      meta: { action: "store the credential" },
      onSuccess: async (saved) => {
        toast.success(`Credential ${saved.name} stored`, { description: `Sealed; ends in …${saved.last4}.` });
        onClose();
        await refresh();
      },
    }),
  );
  const replace = useMutation(
    trpc.credentials.replace.mutationOptions({
      meta: { action: "replace the secret" },
      onSuccess: async (saved) => {
        toast.success(`Secret of ${saved.name} replaced`, { description: "Publish the configuration for gateways to use it." });
        onClose();
        await refresh();
      },
    }),
  );
  const mutation = existing ? replace : create;
  const errors = fieldErrorsOf(mutation.error);
  return (
    <FormDialog
      open
      onClose={onClose}
      title={existing ? `Replace secret of ${existing.name}` : "New credential"}
      description="Sealed with the master key before it is stored; only gateways can unseal it. It is never shown again."
      testId="credential-dialog"
      formId="credential-form"
      pending={mutation.isPending}
      submitLabel={mutation.isPending ? "Saving…" : existing ? "Replace secret" : "Store credential"}
      autoComplete="off"
      error={mutation.error}
      onSubmit={() => {
        if (existing) replace.mutate({ credentialId: existing.id, apiKey });
        else create.mutate({ name, provider, apiKey });
      }}
    >
      {existing ? null : (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Name" error={fieldError(errors, "name")}>
            {(props) => (
              <TextInput {...props} value={name} onChange={(event) => setName(event.target.value)} placeholder="openai-prod" autoFocus />
            )}
          </Field>
          <Field label="Provider" error={fieldError(errors, "provider")}>
            {(props) => (
              <Select {...props} value={provider} onChange={(event) => setProvider(event.target.value as ProviderName)}>
                {providerNames.map((value) => (
                  <option key={value} value={value}>
                    {providerLabels[value]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        </div>
      )}
      <Field
        label={existing ? "New secret" : "Secret"}
        hint={provider === "bedrock" && !existing ? "For Bedrock: ACCESS_KEY_ID:SECRET_ACCESS_KEY." : "The provider's API key."}
        error={fieldError(errors, "apiKey")}
      >
        {(props) => (
          <TextInput
            {...props}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            className="font-mono"
            autoFocus={existing !== null}
          />
        )}
      </Field>
    </FormDialog>
  );
}
