"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Field, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { QueryState } from "@/components/ui/query-state";
import { Skeleton } from "@/components/ui/state";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { ConfigDiff } from "./config-diff";

/**
 * Roll back by publishing a new version whose content equals an earlier one (history is never
 * rewritten). The dialog shows what gateways will change from the live version before asking.
 */
export function RollbackDialog({ target, live, onClose }: { target: number; live: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState("");
  const diff = useQuery(trpc.config.diff.queryOptions({ from: live, to: target }));
  const rollback = useMutation(
    trpc.config.rollback.mutationOptions({
      meta: { action: `roll back to version ${target}` },
      onSuccess: async (result) => {
        toast.success(`Published version ${result.version.number}`, { description: `Same content as version ${target}.` });
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
      title={`Roll back to version ${target}?`}
      description={`Publishes version ${target}'s configuration as a new version. Unpublished changes stay in the draft.`}
      size="lg"
      testId="rollback-dialog"
      formId="rollback-form"
      pending={rollback.isPending}
      submitLabel={rollback.isPending ? "Rolling back…" : `Roll back to version ${target}`}
      submitVariant="danger"
      error={rollback.error}
      onSubmit={() => {
        rollback.mutate({ number: target, ...(message.trim() ? { message } : {}) });
      }}
    >
      <Field
        label="Message"
        optional
        hint={`Defaults to "rollback to version ${target}".`}
        error={fieldError(fieldErrorsOf(rollback.error), "message")}
      >
        {(props) => <TextInput {...props} value={message} onChange={(event) => setMessage(event.target.value)} autoFocus />}
      </Field>
      <div>
        <p className="mb-1.5 text-sm font-medium text-zinc-800">
          What changes from the live version {live} to version {target}
        </p>
        <QueryState query={diff} what="the differences" loading={<Skeleton className="h-24 w-full" />}>
          {(result) => (
            <div className="max-h-72 overflow-y-auto">
              <ConfigDiff changes={result.changes} empty={`Version ${target} has the same content as the live version.`} />
            </div>
          )}
        </QueryState>
      </div>
    </FormDialog>
  );
}
