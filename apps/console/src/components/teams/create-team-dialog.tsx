"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { emptyLimits, LimitFields, type LimitValues, limitsCreateInput } from "@/components/forms/limit-fields";
import { Field, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
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
  return (
    <FormDialog
      open={open}
      onClose={close}
      title="New team"
      description="Teams group people and keys, and carry their own limits and budget."
      size="lg"
      testId="create-team-dialog"
      formId="create-team-form"
      pending={create.isPending}
      submitLabel={create.isPending ? "Creating…" : "Create team"}
      error={create.error}
      onSubmit={() => {
        create.mutate({
          name,
          slug,
          ...limitsCreateInput(limits),
        });
      }}
    >
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
    </FormDialog>
  );
}
