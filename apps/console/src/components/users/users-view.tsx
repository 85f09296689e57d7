"use client";

import { type Role, roles } from "@switchyard/schemas";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { toast } from "sonner";
import { PublishBar } from "@/components/config/publish-bar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Select, TextInput } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { Viewer } from "@/lib/access";
import { formatRelative } from "@/lib/format";
import { roleLabels, teamRoleLabels } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";
import { InviteUserDialog } from "./invite-user-dialog";

type Status = "INVITED" | "ACTIVE" | "DEACTIVATED";
const statuses: Status[] = ["ACTIVE", "INVITED", "DEACTIVATED"];
const statusBadges = {
  ACTIVE: { tone: "success", label: "Active" },
  INVITED: { tone: "info", label: "Invited" },
  DEACTIVATED: { tone: "danger", label: "Deactivated" },
} as const;

function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

export function UsersView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<Status | "">("");
  const [inviting, setInviting] = useState(false);
  const [deactivating, setDeactivating] = useState<{ id: string; email: string } | null>(null);
  const deferredSearch = useDeferredValue(search.trim());
  const users = useQuery(
    trpc.users.list.queryOptions(
      { ...(deferredSearch ? { search: deferredSearch } : {}), ...(status ? { status } : {}) },
      { placeholderData: keepPreviousData },
    ),
  );
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.users.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const changeRole = useMutation(
    trpc.users.changeRole.mutationOptions({
      meta: { action: "change the role" },
      onSuccess: async (user) => {
        toast.success(`${user.email} is now ${roleLabels[user.role]}`, { description: "It applies at their next page load." });
        await refresh();
      },
    }),
  );
  const deactivate = useMutation(
    trpc.users.deactivate.mutationOptions({
      meta: { action: "deactivate the user" },
      onSuccess: async (user) => {
        toast.success(`${user.email} deactivated`);
        setDeactivating(null);
        await refresh();
      },
    }),
  );
  const reactivate = useMutation(
    trpc.users.reactivate.mutationOptions({
      meta: { action: "reactivate the user" },
      onSuccess: async (user) => {
        toast.success(`${user.email} reactivated`);
        await refresh();
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to this organisation, and what their role lets them do."
        actions={<Button onClick={() => setInviting(true)}>Invite user</Button>}
      />
      <PublishBar role={viewer.role} />
      <Card>
        <div className="flex flex-wrap items-center gap-3 border-b border-zinc-100 px-5 py-3">
          <TextInput
            type="search"
            aria-label="Search users"
            placeholder="Search name or email"
            className="max-w-xs"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <Select
            aria-label="Filter by status"
            className="w-44"
            value={status}
            onChange={(event) => setStatus(statuses.find((value) => value === event.target.value) ?? "")}
          >
            <option value="">Every status</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {statusBadges[value].label}
              </option>
            ))}
          </Select>
          <p className="ml-auto text-sm text-zinc-500">
            {users.data ? `${users.data.length} ${users.data.length === 1 ? "user" : "users"}` : null}
          </p>
        </div>
        <ListQueryState query={users} what="users" empty={{ title: "No users match", body: "Try another search or status." }}>
          {(rows) => (
            <Table testId="users-table" label="Users" minWidth="52rem">
              <TableHead>
                <Th>User</Th>
                <Th>Role</Th>
                <Th>Teams</Th>
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                <Th className="text-right">Actions</Th>
              </TableHead>
              <TableBody>
                {rows.map((user) => {
                  const self = user.id === viewer.id;
                  return (
                    <tr key={user.id} data-user={user.email}>
                      <Td>
                        <p className="font-medium">
                          {user.name ?? user.email}
                          {self ? <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span> : null}
                        </p>
                        <p className="text-xs text-zinc-500">{user.email}</p>
                      </Td>
                      <Td>
                        {self ? (
                          <Badge>{roleLabels[user.role]}</Badge>
                        ) : (
                          <Select
                            aria-label={`Role of ${user.email}`}
                            className="w-36"
                            value={user.role}
                            disabled={changeRole.isPending}
                            onChange={(event) =>
                              isRole(event.target.value) && changeRole.mutate({ userId: user.id, role: event.target.value })
                            }
                          >
                            {roles.map((role) => (
                              <option key={role} value={role}>
                                {roleLabels[role]}
                              </option>
                            ))}
                          </Select>
                        )}
                      </Td>
                      <Td>
                        {user.teams.length === 0 ? (
                          <span className="text-zinc-400">—</span>
                        ) : (
                          <ul className="flex flex-wrap gap-1.5">
                            {user.teams.map((team) => (
                              <li key={team.id} className="rounded border border-zinc-200 px-1.5 py-0.5 text-xs">
                                {team.name}
                                {team.role === "TEAM_ADMIN" ? <span className="text-zinc-500"> · {teamRoleLabels.TEAM_ADMIN}</span> : null}
                              </li>
                            ))}
                          </ul>
                        )}
                      </Td>
                      <Td>
                        <Badge tone={statusBadges[user.status].tone}>{statusBadges[user.status].label}</Badge>
                      </Td>
                      <Td className="whitespace-nowrap text-zinc-600">
                        {user.lastLoginAt ? formatRelative(user.lastLoginAt) : <span className="text-zinc-400">Never</span>}
                      </Td>
                      <Td className="text-right">
                        {self ? null : user.status === "DEACTIVATED" ? (
                          <Button
                            variant="ghost"
                            size="xs"
                            onClick={() => reactivate.mutate({ userId: user.id })}
                            disabled={reactivate.isPending}
                            aria-label={`Reactivate ${user.email}`}
                          >
                            Reactivate
                          </Button>
                        ) : (
                          <Button
                            variant="ghost"
                            size="xs"
                            className="text-red-700 hover:bg-red-50 hover:text-red-800"
                            onClick={() => setDeactivating({ id: user.id, email: user.email })}
                            aria-label={`Deactivate ${user.email}`}
                          >
                            Deactivate
                          </Button>
                        )}
                      </Td>
                    </tr>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </ListQueryState>
      </Card>
      <InviteUserDialog open={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        open={deactivating !== null}
        onClose={() => setDeactivating(null)}
        onConfirm={() => deactivating && deactivate.mutate({ userId: deactivating.id })}
        pending={deactivate.isPending}
        title={`Deactivate ${deactivating?.email ?? ""}?`}
        confirmLabel="Deactivate"
        description={
          <p>
            They are signed out at their next request and cannot sign in again. Their keys leave the next published configuration. You can
            reactivate them later.
          </p>
        }
      />
    </>
  );
}
