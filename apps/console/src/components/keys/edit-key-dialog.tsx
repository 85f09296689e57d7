"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { LimitFields, type LimitValues, limitsFrom, limitsPayload } from "@/components/forms/limit-fields";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, TextInput } from "@/components/ui/field";
import { fieldError, fieldErrorsOf, formErrorsOf } from "@/lib/errors";
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
    <Dialog
      open
      onClose={onClose}
      title={`Edit ${target.name}`}
      description={`${target.prefix}… · changes apply to the existing secret.`}
      size="lg"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={update.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="edit-key-form" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save"}
          </Button>
        </>
      }
    >
      <form
        id="edit-key-form"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ keyId: target.id, name, ...limitsPayload(limits), expiresAt: expiryInstant(expires) });
        }}
      >
        <FormError messages={formErrorsOf(update.error)} />
        <Field label="Name" error={fieldError(errors, "name")}>
          {(props) => <TextInput {...props} autoFocus value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <LimitFields values={limits} onChange={setLimits} errors={errors} />
        <ExpiryField value={expires} onChange={setExpires} errors={errors} />
      </form>
    </Dialog>
  );
}
