"use client";

import { type Role, roles } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Checkbox, Field, Select, TextInput } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { roleDescriptions, roleLabels } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Creates an invited user; their first SSO sign-in activates them, even when sign-up is restricted. */
export function InviteUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const organization = useQuery(trpc.organization.get.queryOptions(undefined, { enabled: open }));
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: false }, { enabled: open }));
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      meta: { action: "invite the user" },
      onSuccess: async (user) => {
        toast.success(`${user.email} invited`, { description: "They can sign in with SSO now." });
        close();
        await queryClient.invalidateQueries(trpc.users.pathFilter());
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
      },
    }),
  );
  function close() {
    setEmail("");
    setName("");
    setRole("");
    setTeamIds([]);
    invite.reset();
    onClose();
  }
  const errors = fieldErrorsOf(invite.error);
  const defaultRole = organization.data?.defaultRole;
  return (
    <FormDialog
      open={open}
      onClose={close}
      title="Invite user"
      description="They sign in through your identity provider with this email address."
      size="lg"
      testId="invite-user-dialog"
      formId="invite-user-form"
      pending={invite.isPending}
      submitLabel={invite.isPending ? "Inviting…" : "Invite"}
      error={invite.error}
      onSubmit={() => {
        invite.mutate({ email, ...(name.trim() ? { name } : {}), ...(role ? { role } : {}), teamIds });
      }}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Email" error={fieldError(errors, "email")}>
          {(props) => (
            <TextInput
              {...props}
              autoFocus
              type="email"
              value={email}
              placeholder="person@example.com"
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label="Name" error={fieldError(errors, "name")} optional>
          {(props) => <TextInput {...props} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
      </div>
      <Field
        label="Role"
        hint={role ? roleDescriptions[role] : "The organisation's default role for new users."}
        error={fieldError(errors, "role")}
      >
        {(props) => (
          <Select {...props} value={role} onChange={(event) => setRole(isRole(event.target.value) ? event.target.value : "")}>
            <option value="">Organisation default{defaultRole ? ` (${roleLabels[defaultRole]})` : ""}</option>
            {roles.map((value) => (
              <option key={value} value={value}>
                {roleLabels[value]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-800">Teams</legend>
        {(teams.data ?? []).length === 0 ? (
          <p className="text-xs text-zinc-500">No teams yet.</p>
        ) : (
          <div className="flex flex-wrap gap-x-5 gap-y-2 rounded-md border border-zinc-200 px-3 py-2.5">
            {(teams.data ?? []).map((team) => (
              <Checkbox
                key={team.id}
                label={team.name}
                checked={teamIds.includes(team.id)}
                onChange={(event) => setTeamIds(event.target.checked ? [...teamIds, team.id] : teamIds.filter((id) => id !== team.id))}
              />
            ))}
          </div>
        )}
        <p className="mt-1 text-xs text-zinc-500">
          {fieldError(errors, "teamIds") ?? "Added as a member; make them team admin on the team's page."}
        </p>
      </fieldset>
    </FormDialog>
  );
}
