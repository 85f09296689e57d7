"use client";

import { can } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { emptyLimits, LimitFields, type LimitValues, limitsCreateInput } from "@/components/forms/limit-fields";
import { Field, Select, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import type { Viewer } from "@/lib/access";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import { ExpiryField, expiryInstant } from "./key-form-fields";
import type { IssuedKey } from "./key-types";

/**
 * Name, team, owner and limits of a new key. Owners other than yourself are offered only to roles that
 * may list users; the control plane decides whether that owner and team are within your reach.
 */
export function CreateKeyDialog({
  open,
  onClose,
  onCreated,
  viewer,
  defaultTeamId,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (issued: IssuedKey) => void;
  viewer: Viewer;
  defaultTeamId?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [teamId, setTeamId] = useState(defaultTeamId ?? "");
  const [ownerId, setOwnerId] = useState(viewer.id);
  const [expires, setExpires] = useState("");
  const [limits, setLimits] = useState<LimitValues>(emptyLimits);
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: false }, { enabled: open }));
  const choosesOwner = can(viewer.role, "users:read");
  const users = useQuery(trpc.users.list.queryOptions({}, { enabled: open && choosesOwner }));
  // Your own teams come from the session: a team admin may also create their own key on a team they only belong to.
  const teamOptions = new Map<string, string>();
  for (const team of teams.data ?? []) teamOptions.set(team.id, team.name);
  for (const team of viewer.teams) if (!teamOptions.has(team.id)) teamOptions.set(team.id, team.name);
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      meta: { action: "create the key" },
      onSuccess: async (result) => {
        reset();
        onCreated(result);
        await queryClient.invalidateQueries(trpc.keys.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  function reset() {
    setName("");
    setTeamId(defaultTeamId ?? "");
    setOwnerId(viewer.id);
    setExpires("");
    setLimits(emptyLimits);
    create.reset();
  }
  const close = () => {
    reset();
    onClose();
  };
  const errors = fieldErrorsOf(create.error);
  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Create key"
      description="A virtual key for one application or person. Its secret is shown once, right after you create it."
      size="lg"
      testId="create-key-dialog"
      formId="create-key-form"
      pending={create.isPending}
      submitLabel={create.isPending ? "Creating…" : "Create key"}
      error={create.error}
      onSubmit={() => {
        create.mutate({
          name,
          teamId: teamId === "" ? null : teamId,
          ...(ownerId === viewer.id ? {} : { ownerId }),
          ...limitsCreateInput(limits),
          expiresAt: expiryInstant(expires),
        });
      }}
    >
      <Field label="Name" hint="What uses this key, e.g. “support-bot (prod)”." error={fieldError(errors, "name")}>
        {(props) => <TextInput {...props} autoFocus value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Team" hint="Team limits, budget and guardrails apply to the key." error={fieldError(errors, "teamId")}>
          {(props) => (
            <Select {...props} value={teamId} onChange={(event) => setTeamId(event.target.value)}>
              <option value="">No team</option>
              {[...teamOptions].map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {choosesOwner ? (
          <Field label="Owner" error={fieldError(errors, "ownerId")}>
            {(props) => (
              <Select {...props} value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
                <option value={viewer.id}>{viewer.email} (you)</option>
                {(users.data ?? [])
                  .filter((user) => user.id !== viewer.id && user.status !== "DEACTIVATED")
                  .map((user) => (
                    <option key={user.id} value={user.id}>
                      {user.email}
                    </option>
                  ))}
              </Select>
            )}
          </Field>
        ) : null}
      </div>
      <LimitFields values={limits} onChange={setLimits} errors={errors} />
      <ExpiryField value={expires} onChange={setExpires} errors={errors} />
    </FormDialog>
  );
}
