"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { emptyLimits, LimitFields, type LimitValues, limitsPayload } from "@/components/forms/limit-fields";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError, TextInput } from "@/components/ui/field";
import { fieldError, fieldErrorsOf, formErrorsOf } from "@/lib/errors";
import { slugify } from "@/lib/slug";
import { useTRPC } from "@/lib/trpc";

export function CreateTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [limits, setLimits] = useState<LimitValues>(emptyLimits);
  const create = useMutation(
    trpc.teams.create.mutationOptions({
      meta: { action: "create the team" },
      onSuccess: async (team) => {
        toast.success(`Team ${team.name} created`);
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
        close();
        router.push(`/teams/${team.id}`);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  function close() {
    setName("");
    setSlug("");
    setSlugEdited(false);
    setLimits(emptyLimits);
    create.reset();
    onClose();
  }
  const payload = limitsPayload(limits);
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New team"
      description="Teams group people and keys, and carry their own limits and budget."
      size="lg"
      testId="create-team-dialog"
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="create-team-form" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create team"}
          </Button>
        </>
      }
    >
      <form
        id="create-team-form"
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({
            name,
            slug,
            ...(payload.rpm === null ? {} : { rpm: payload.rpm }),
            ...(payload.tpm === null ? {} : { tpm: payload.tpm }),
            ...(payload.maxParallel === null ? {} : { maxParallel: payload.maxParallel }),
            allowedModels: payload.allowedModels,
          });
        }}
      >
        <FormError messages={formErrorsOf(create.error)} />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field label="Name" error={fieldError(errors, "name")}>
            {(props) => (
              <TextInput
                {...props}
                autoFocus
                value={name}
                placeholder="Data Science"
                onChange={(event) => {
                  setName(event.target.value);
                  if (!slugEdited) setSlug(slugify(event.target.value));
                }}
              />
            )}
          </Field>
          <Field label="Slug" hint="Gateways and spend reports use it; it cannot change later." error={fieldError(errors, "slug")}>
            {(props) => (
              <TextInput
                {...props}
                value={slug}
                placeholder="data-science"
                className="font-mono"
                onChange={(event) => {
                  setSlug(event.target.value);
                  setSlugEdited(true);
                }}
              />
            )}
          </Field>
        </div>
        <LimitFields values={limits} onChange={setLimits} errors={errors} />
      </form>
    </Dialog>
  );
}
