"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Field, TextArea } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { type ConfigChange, ConfigDiff } from "./config-diff";

/**
 * Publish the current state as the next immutable version, showing the full diff first. Used by the
 * Config versions draft card and by the publish bar on the pages whose changes wait for a publish.
 *
 * Without `defaultMessage` the message is required (the control plane says so on the field): the
 * history page is where people read why a version exists. The publish bar passes one so a quick
 * publish from a list page needs no typing.
 */
export function PublishDialog({
  changes,
  onClose,
  defaultMessage,
  submitLabel = changes.length === 1 ? "Publish 1 change" : `Publish ${changes.length} changes`,
}: {
  changes: readonly ConfigChange[];
  onClose: () => void;
  defaultMessage?: string;
  submitLabel?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState("");
  const publish = useMutation(
    trpc.config.publish.mutationOptions({
      meta: { action: "publish the configuration" },
      onSuccess: async (result) => {
        toast.success(`Published version ${result.version.number}`, {
          description: result.warnings.length > 0 ? result.warnings.join(" ") : "Gateways pick it up within seconds.",
        });
        onClose();
        await queryClient.invalidateQueries(trpc.config.pathFilter());
        await queryClient.invalidateQueries(trpc.dataPlanes.pathFilter());
      },
    }),
  );
  return (
    <FormDialog
      open
      onClose={onClose}
      title="Publish configuration"
      description="Creates a new immutable version; every gateway applies it within seconds."
      size="lg"
      testId="publish-dialog"
      formId="publish-version-form"
      pending={publish.isPending}
      submitLabel={publish.isPending ? "Publishing…" : submitLabel}
      error={publish.error}
      onSubmit={() => {
        publish.mutate({ message: defaultMessage === undefined ? message : message.trim() || defaultMessage });
      }}
    >
      <Field
        label="Message"
        optional={defaultMessage !== undefined}
        hint="Why this version exists; shown in the history."
        error={fieldError(fieldErrorsOf(publish.error), "message")}
      >
        {(props) => (
          <TextArea
            {...props}
            rows={2}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
            placeholder={defaultMessage ?? "e.g. Shift demo-fast traffic to the new deployment"}
            autoFocus
          />
        )}
      </Field>
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800">Changes</p>
        <div className="max-h-72 overflow-y-auto">
          <ConfigDiff changes={changes} empty="Nothing changed since the live version." />
        </div>
      </div>
    </FormDialog>
  );
}
