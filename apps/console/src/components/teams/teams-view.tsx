"use client";

import { can } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { PublishBar } from "@/components/config/publish-bar";
import { limitsSummary } from "@/components/forms/limit-fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { Viewer } from "@/lib/access";
import { budgetPeriodShort } from "@/lib/budgets";
import { formatUsd } from "@/lib/format";
import { teamRoleLabels } from "@/lib/roles";
import { useTRPC } from "@/lib/trpc";
import { CreateTeamDialog } from "./create-team-dialog";

export function TeamsView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived }));
  const readsBudgets = can(viewer.role, "budgets:read");
  const budgets = useQuery(trpc.budgets.list.queryOptions({ scope: "TEAM" }, { enabled: readsBudgets }));
  const budgetByTeam = new Map((budgets.data ?? []).flatMap((budget) => (budget.team ? [[budget.team.id, budget] as const] : [])));
  const mayCreate = can(viewer.role, "teams:write");
  const myRole = new Map(viewer.teams.map((team) => [team.id, team.role]));

  return (
    <>
      <PageHeader
        title="Teams"
        description={mayCreate ? "Every team in the organisation, its people, limits and budget." : "The teams you belong to."}
        actions={mayCreate ? <Button onClick={() => setCreating(true)}>New team</Button> : null}
      />
      <PublishBar role={viewer.role} />
      <Card>
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-100 px-5 py-3">
          <p className="text-sm text-zinc-500">
            {teams.data ? `${teams.data.length} ${teams.data.length === 1 ? "team" : "teams"}` : "\u00a0"}
          </p>
          <Checkbox label="Show archived" checked={includeArchived} onChange={(event) => setIncludeArchived(event.target.checked)} />
        </div>
        <ListQueryState
          query={teams}
          what="teams"
          rowHeight="md"
          empty={{
            title: mayCreate ? "No teams yet" : "You are not in any team",
            body: mayCreate
              ? "Create a team to give its people keys, limits and a budget."
              : "An administrator or team admin can add you to one.",
          }}
        >
          {(rows) => (
            <Table testId="teams-table" label="Teams" minWidth="44rem">
              <TableHead>
                <Th>Team</Th>
                <Th>Members</Th>
                <Th>Limits</Th>
                {readsBudgets ? <Th>Budget</Th> : null}
                <Th className="text-right">Your role</Th>
              </TableHead>
              <TableBody>
                {rows.map((team) => {
                  const budget = budgetByTeam.get(team.id);
                  const role = myRole.get(team.id);
                  return (
                    <tr key={team.id} data-team={team.slug} className="hover:bg-zinc-50/60">
                      <Td>
                        <Link href={`/teams/${team.id}`} className="font-medium text-zinc-900 hover:underline">
                          {team.name}
                        </Link>
                        <div className="mt-0.5 flex items-center gap-2">
                          <span className="font-mono text-xs text-zinc-500">{team.slug}</span>
                          {team.archivedAt ? <Badge tone="warning">Archived</Badge> : null}
                        </div>
                      </Td>
                      <Td className="tabular-nums">{team.members.length}</Td>
                      <Td className="text-zinc-600">
                        {limitsSummary(team)}
                        <div className="text-xs text-zinc-500">
                          {team.allowedModels.length === 0 ? "All models" : team.allowedModels.join(", ")}
                        </div>
                      </Td>
                      {readsBudgets ? (
                        <Td className="tabular-nums text-zinc-600">
                          {budget ? (
                            `${formatUsd(budget.amountUsd)} ${budgetPeriodShort[budget.period]}`
                          ) : (
                            <span className="text-zinc-400">None</span>
                          )}
                        </Td>
                      ) : null}
                      <Td className="text-right">
                        {role ? <Badge>{teamRoleLabels[role] ?? role}</Badge> : <span className="text-zinc-400">—</span>}
                      </Td>
                    </tr>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </ListQueryState>
      </Card>
      {mayCreate ? <CreateTeamDialog open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
