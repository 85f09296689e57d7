"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, TextArea } from "@/components/ui/field";
import { fieldError, fieldErrorsOf, formErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { type ConfigChange, ConfigDiff } from "./config-diff";

/**
 * Publish the current state as the next immutable version. The message is required here: the
 * history page is where people read why a version exists.
 */
export function PublishDialog({ changes, onClose }: { changes: readonly ConfigChange[]; onClose: () => void }) {
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
    <Dialog
      open
      onClose={onClose}
      title="Publish configuration"
      description="Creates a new immutable version; every gateway applies it within seconds."
      size="lg"
      testId="publish-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={publish.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="publish-version-form" disabled={publish.isPending}>
            {publish.isPending ? "Publishing…" : `Publish ${changes.length === 1 ? "1 change" : `${changes.length} changes`}`}
          </Button>
        </>
      }
    >
      <form
        id="publish-version-form"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          publish.mutate({ message });
        }}
      >
        <FormError messages={formErrorsOf(publish.error)} />
        <Field
          label="Message"
          hint="Why this version exists; shown in the history."
          error={fieldError(fieldErrorsOf(publish.error), "message")}
        >
          {(props) => (
            <TextArea
              {...props}
              rows={2}
              value={message}
              onChange={(event) => setMessage(event.target.value)}
              placeholder="e.g. Shift demo-fast traffic to the new deployment"
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
      </form>
    </Dialog>
  );
}
