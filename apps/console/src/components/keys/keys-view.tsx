"use client";

import { can } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { BudgetDialog } from "@/components/budgets/budget-dialog";
import { PublishBar } from "@/components/config/publish-bar";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import { canManageTeam, type Viewer } from "@/lib/access";
import { monthToDate } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { CreateKeyDialog } from "./create-key-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import { KeySecretDialog } from "./key-secret-dialog";
import type { IssuedKey, KeyRow } from "./key-types";
import { type KeyActions, type KeyBudget, KeysTable } from "./keys-table";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RotateKeyDialog } from "./rotate-key-dialog";

export function KeysView({ viewer, gatewayUrl, initialTeamId }: { viewer: Viewer; gatewayUrl: string; initialTeamId?: string }) {
  const trpc = useTRPC();
  const teamFilterId = useId();
  const [teamId, setTeamId] = useState(initialTeamId ?? "");
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  const [editing, setEditing] = useState<KeyRow | null>(null);
  const [budgeting, setBudgeting] = useState<KeyRow | null>(null);
  const [rotating, setRotating] = useState<KeyRow | null>(null);
  const [revoking, setRevoking] = useState<KeyRow | null>(null);

  const keys = useQuery(trpc.keys.list.queryOptions({ includeRevoked, ...(teamId ? { teamId } : {}) }));
  const teams = useQuery(trpc.teams.list.queryOptions({ includeArchived: false }));
  const showSpend = can(viewer.role, "spend:read");
  const period = monthToDate();
  // Spend per key this month: the top 100 spenders cover every key a page shows in practice; others show $0.
  const spend = useQuery(
    trpc.spend.topSpenders.queryOptions({ from: period.from, to: period.to, by: "key", limit: 100 }, { enabled: showSpend }),
  );
  const organization = useQuery(trpc.organization.get.queryOptions());
  const publishNote =
    organization.data?.autoPublish === false
      ? can(viewer.role, "config:publish")
        ? "Gateways accept the new key once you publish the configuration (Publish… above the list)."
        : "Gateways accept the new key once an administrator publishes the configuration."
      : undefined;
  const readsBudgets = can(viewer.role, "budgets:read");
  const budgets = useQuery(trpc.budgets.list.queryOptions({ scope: "KEY" }, { enabled: readsBudgets }));

  const spendByKey = new Map((spend.data ?? []).map((row) => [row.group, row.costUsd]));
  const budgetByKey = new Map<string, KeyBudget>(
    (budgets.data ?? []).flatMap((budget) => (budget.key ? [[budget.key.id, budget] as const] : [])),
  );
  const mayWrite = can(viewer.role, "keys:write");
  const organisationWide = can(viewer.role, "teams:write");
  const actions: KeyActions | null = mayWrite
    ? {
        edit: setEditing,
        budget: can(viewer.role, "budgets:write") ? setBudgeting : null,
        rotate: setRotating,
        revoke: setRevoking,
        // Team admins divide their team's budget among its keys; administrators budget any key.
        mayBudget: (key) => organisationWide || (key.team !== null && canManageTeam(viewer, key.team.id)),
      }
    : null;
  const scopeText = organisationWide
    ? "Every virtual key in the organisation."
    : can(viewer.role, "members:write")
      ? "Keys of the teams you lead, and your own."
      : can(viewer.role, "spend:read-all")
        ? "Every virtual key in the organisation (read-only)."
        : "Your own keys.";

  return (
    <>
      <PageHeader
        title="Keys"
        description={scopeText}
        actions={
          mayWrite ? (
            <Button onClick={() => setCreating(true)} data-testid="create-key">
              Create key
            </Button>
          ) : null
        }
      />
      <PublishBar role={viewer.role} />
      <Card>
        <div className="flex flex-wrap items-center gap-x-5 gap-y-3 border-b border-zinc-100 px-5 py-3">
          <div className="flex items-center gap-2 text-sm text-zinc-600">
            <label htmlFor={teamFilterId}>Team</label>
            <Select id={teamFilterId} className="w-48" value={teamId} onChange={(event) => setTeamId(event.target.value)}>
              <option value="">All teams</option>
              {(teams.data ?? []).map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </Select>
          </div>
          <Checkbox
            label="Show revoked and retired"
            checked={includeRevoked}
            onChange={(event) => setIncludeRevoked(event.target.checked)}
          />
          <p className="ml-auto text-sm text-zinc-500">
            {keys.data ? `${keys.data.length} ${keys.data.length === 1 ? "key" : "keys"}` : null}
          </p>
        </div>
        <ListQueryState
          query={keys}
          what="keys"
          rows={3}
          empty={{
            title: teamId || includeRevoked ? "No keys match" : "No keys yet",
            body: mayWrite
              ? "Create a key to call the gateway with any OpenAI-compatible SDK."
              : "Keys appear here once someone creates them.",
          }}
        >
          {(rows) => <KeysTable keys={rows} spendByKey={spendByKey} budgetByKey={budgetByKey} actions={actions} showSpend={showSpend} />}
        </ListQueryState>
      </Card>

      {mayWrite ? (
        <>
          <CreateKeyDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(result) => {
              setCreating(false);
              setIssued(result);
            }}
            viewer={viewer}
            defaultTeamId={teamId || undefined}
          />
          <RotateKeyDialog
            target={rotating}
            onClose={() => setRotating(null)}
            onRotated={(result) => {
              setRotating(null);
              setIssued(result);
            }}
          />
          <RevokeKeyDialog target={revoking} onClose={() => setRevoking(null)} role={viewer.role} />
          {editing ? <EditKeyDialog target={editing} onClose={() => setEditing(null)} /> : null}
          {budgeting ? (
            <BudgetDialog
              open
              onClose={() => setBudgeting(null)}
              target={{ scope: "KEY", keyId: budgeting.id }}
              existing={budgetByKey.get(budgeting.id)}
              subject={`key ${budgeting.name}`}
            />
          ) : null}
        </>
      ) : null}
      <KeySecretDialog issued={issued} gatewayUrl={gatewayUrl} onClose={() => setIssued(null)} publishNote={publishNote} />
    </>
  );
}
