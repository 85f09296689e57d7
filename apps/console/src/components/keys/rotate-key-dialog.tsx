"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Select } from "@/components/ui/field";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import type { IssuedKey, KeyRow } from "./key-types";

const gracePeriods = [
  { seconds: 0, label: "None: revoke the old key now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 24 * 3600, label: "24 hours" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
  { seconds: 30 * 24 * 3600, label: "30 days" },
] as const;

/** A new secret with the same team, owner, limits, expiry and budget; the old one may overlap for a while. */
export function RotateKeyDialog({
  target,
  onClose,
  onRotated,
}: {
  target: KeyRow | null;
  onClose: () => void;
  onRotated: (issued: IssuedKey) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [grace, setGrace] = useState(24 * 3600);
  const rotate = useMutation(
    trpc.keys.rotate.mutationOptions({
      meta: { action: "rotate the key" },
      onSuccess: async (result) => {
        onRotated(result);
        await queryClient.invalidateQueries(trpc.keys.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title={`Rotate ${target?.name ?? "key"}`}
      description="Issues a new secret with the same team, owner, models, limits, expiry and budget."
      size="sm"
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={rotate.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="rotate-key-form" disabled={rotate.isPending}>
            {rotate.isPending ? "Rotating…" : "Rotate key"}
          </Button>
        </>
      }
    >
      <form
        id="rotate-key-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (target) rotate.mutate({ keyId: target.id, gracePeriodSeconds: grace });
        }}
      >
        <Field
          label="Grace period"
          hint="How long the old key keeps working so clients can switch to the new one."
          error={fieldError(fieldErrorsOf(rotate.error), "gracePeriodSeconds")}
        >
          {(props) => (
            <Select {...props} autoFocus value={grace} onChange={(event) => setGrace(Number(event.target.value))}>
              {gracePeriods.map((period) => (
                <option key={period.seconds} value={period.seconds}>
                  {period.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}
