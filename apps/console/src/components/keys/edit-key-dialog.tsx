"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { LimitFields, type LimitValues, limitsFrom, limitsPayload } from "@/components/forms/limit-fields";
import { Field, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { ExpiryField, expiryDay, expiryInstant } from "./key-form-fields";
import type { KeyRow } from "./key-types";

/** Name, limits, models and expiry of an existing key. Mounted per key so its fields start from that key. */
export function EditKeyDialog({ target, onClose }: { target: KeyRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(target.name);
  const [limits, setLimits] = useState<LimitValues>(limitsFrom(target));
  const [expires, setExpires] = useState(expiryDay(target.expiresAt));
  const update = useMutation(
    trpc.keys.update.mutationOptions({
      meta: { action: "save the key" },
      onSuccess: async (key) => {
        toast.success(`${key.name} saved`);
        onClose();
        await queryClient.invalidateQueries(trpc.keys.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  const errors = fieldErrorsOf(update.error);
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Edit ${target.name}`}
      description={`${target.prefix}… · changes apply to the existing secret.`}
      size="lg"
      formId="edit-key-form"
      pending={update.isPending}
      submitLabel={update.isPending ? "Saving…" : "Save"}
      error={update.error}
      onSubmit={() => {
        update.mutate({ keyId: target.id, name, ...limitsPayload(limits), expiresAt: expiryInstant(expires) });
      }}
    >
      <Field label="Name" error={fieldError(errors, "name")}>
        {(props) => <TextInput {...props} autoFocus value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <LimitFields values={limits} onChange={setLimits} errors={errors} />
      <ExpiryField value={expires} onChange={setExpires} errors={errors} />
    </FormDialog>
  );
}
