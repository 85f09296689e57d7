"use client";

import { can } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Select, TextInput } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/state";
import type { Viewer } from "@/lib/access";
import { fieldError, fieldErrorsOf } from "@/lib/errors";
import { teamRoleLabels } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";

type TeamRole = "TEAM_ADMIN" | "MEMBER";

interface Member {
  userId: string;
  email: string;
  name: string | null;
  role: TeamRole;
}

function AddMemberForm({ teamId, viewer, members }: { teamId: string; viewer: Viewer; members: Member[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TeamRole>("MEMBER");
  // Suggestions only: team admins see just their teams' people, so typing any address is allowed.
  const users = useQuery(trpc.users.list.queryOptions({}, { enabled: can(viewer.role, "users:read") }));
  const present = new Set(members.map((member) => member.userId));
  const add = useMutation(
    trpc.teams.addMember.mutationOptions({
      meta: { action: "add the member" },
      onSuccess: async () => {
        toast.success(`${email} added`);
        setEmail("");
        setRole("MEMBER");
        await queryClient.invalidateQueries(trpc.teams.pathFilter());
        await queryClient.invalidateQueries(trpc.users.pathFilter());
      },
    }),
  );
  const errors = fieldErrorsOf(add.error);
  return (
    <form
      noValidate
      className="mt-4 grid grid-cols-1 items-end gap-3 border-t border-zinc-100 pt-4 sm:grid-cols-[1fr_10rem_auto]"
      onSubmit={(event) => {
        event.preventDefault();
        add.mutate({ teamId, email, role });
      }}
    >
      <Field label="Add by email" error={fieldError(errors, "email") ?? fieldError(errors, "userId")}>
        {(props) => (
          <TextInput
            {...props}
            type="email"
            list={listId}
            value={email}
            placeholder="person@example.com"
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <datalist id={listId}>
        {(users.data ?? [])
          .filter((user) => !present.has(user.id))
          .map((user) => (
            <option key={user.id} value={user.email}>
              {user.name ?? user.email}
            </option>
          ))}
      </datalist>
      <Field label="Team role" error={fieldError(errors, "role")}>
        {(props) => (
          <Select {...props} value={role} onChange={(event) => setRole(event.target.value === "TEAM_ADMIN" ? "TEAM_ADMIN" : "MEMBER")}>
            <option value="MEMBER">Member</option>
            <option value="TEAM_ADMIN">Team admin</option>
          </Select>
        )}
      </Field>
      <Button type="submit" disabled={add.isPending || email.trim() === ""}>
        {add.isPending ? "Adding…" : "Add member"}
      </Button>
    </form>
  );
}

/** People on the team. Team admins of this team and administrators change roles and membership. */
export function TeamMembersCard({
  teamId,
  members,
  viewer,
  manage,
}: {
  teamId: string;
  members: Member[];
  viewer: Viewer;
  manage: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.teams.pathFilter());
    await queryClient.invalidateQueries(trpc.users.pathFilter());
  };
  const changeRole = useMutation(
    trpc.teams.changeMemberRole.mutationOptions({
      meta: { action: "change the team role" },
      onSuccess: async () => {
        toast.success("Team role changed");
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.teams.removeMember.mutationOptions({
      meta: { action: "remove the member" },
      onSuccess: async () => {
        toast.success(`${removing?.email ?? "Member"} removed from the team`);
        setRemoving(null);
        await refresh();
      },
    }),
  );
  return (
    <Card>
      <CardHeader title="Members" description={manage ? "Team admins manage members, keys and key budgets of this team." : undefined} />
      <CardBody>
        {members.length === 0 ? (
          <EmptyState title="No members yet">{manage ? "Add people by their email address below." : null}</EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="team-members">
            {members.map((member) => (
              <li key={member.userId} data-member={member.email} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2.5 first:pt-0">
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">{member.name ?? member.email}</p>
                  <p className="truncate text-xs text-zinc-500">{member.email}</p>
                </div>
                {manage ? (
                  <>
                    <Select
                      aria-label={`Team role of ${member.email}`}
                      className="w-36"
                      value={member.role}
                      disabled={changeRole.isPending}
                      onChange={(event) =>
                        changeRole.mutate({
                          teamId,
                          userId: member.userId,
                          role: event.target.value === "TEAM_ADMIN" ? "TEAM_ADMIN" : "MEMBER",
                        })
                      }
                    >
                      <option value="MEMBER">Member</option>
                      <option value="TEAM_ADMIN">Team admin</option>
                    </Select>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove ${member.email}`}
                      onClick={() => setRemoving(member)}
                      disabled={member.userId === viewer.id && !can(viewer.role, "teams:write")}
                    >
                      Remove
                    </Button>
                  </>
                ) : (
                  <Badge>{teamRoleLabels[member.role] ?? member.role}</Badge>
                )}
              </li>
            ))}
          </ul>
        )}
        {manage ? <AddMemberForm teamId={teamId} viewer={viewer} members={members} /> : null}
      </CardBody>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate({ teamId, userId: removing.userId })}
        pending={remove.isPending}
        title={`Remove ${removing?.email ?? ""}?`}
        confirmLabel="Remove member"
        description={<p>They lose access to this team. Keys they own on this team keep working until revoked.</p>}
      />
    </Card>
  );
}
