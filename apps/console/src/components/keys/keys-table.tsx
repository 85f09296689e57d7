"use client";

import { limitsSummary } from "@/components/forms/limit-fields";
import { Menu, type MenuItem } from "@/components/ui/menu";
import { HiddenTh, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { type BudgetPeriod, budgetPeriodShort } from "@/lib/budgets";
import { formatDate, formatRelative, formatSpend, formatUsd } from "@/lib/format";
import { KeyStatusBadge } from "./key-status-badge";
import type { KeyRow } from "./key-types";

export interface KeyBudget {
  id: string;
  amountMicros: number;
  amountUsd: number;
  period: BudgetPeriod;
  softThreshold: number | null;
}

export interface KeyActions {
  edit: (key: KeyRow) => void;
  budget: ((key: KeyRow) => void) | null;
  rotate: (key: KeyRow) => void;
  revoke: (key: KeyRow) => void;
  mayBudget: (key: KeyRow) => boolean;
}

function menuItems(key: KeyRow, actions: KeyActions): MenuItem[] {
  const items: MenuItem[] = [{ label: "Edit limits", onSelect: () => actions.edit(key) }];
  const budget = actions.budget;
  if (budget && actions.mayBudget(key)) items.push({ label: "Budget", onSelect: () => budget(key) });
  // A key in its grace period already has a successor.
  if (key.status !== "grace") items.push({ label: "Rotate", onSelect: () => actions.rotate(key) });
  items.push({ label: "Revoke", onSelect: () => actions.revoke(key), tone: "danger" });
  return items;
}

export function KeysTable({
  keys,
  spendByKey,
  budgetByKey,
  actions,
  showSpend,
}: {
  keys: KeyRow[];
  spendByKey: Map<string, number>;
  budgetByKey: Map<string, KeyBudget>;
  actions: KeyActions | null;
  showSpend: boolean;
}) {
  return (
    <Table testId="keys-table" label="Keys" minWidth="54rem">
      <TableHead>
        <Th>Key</Th>
        <Th>Owner and team</Th>
        <Th>Status</Th>
        <Th>Limits</Th>
        <Th className="whitespace-nowrap">Last used</Th>
        {showSpend ? <Th className="whitespace-nowrap text-right">Spend this month</Th> : null}
        {actions ? <HiddenTh>Actions</HiddenTh> : null}
      </TableHead>
      <TableBody>
        {keys.map((key) => {
          const budget = budgetByKey.get(key.id);
          return (
            <tr
              key={key.id}
              data-key={key.name}
              data-prefix={key.prefix}
              className={key.status === "revoked" ? "text-zinc-400" : undefined}
            >
              <Td>
                <p className="whitespace-nowrap font-medium">{key.name}</p>
                <p className="whitespace-nowrap font-mono text-xs text-zinc-500">{key.prefix}…</p>
              </Td>
              <Td className="max-w-[16rem]">
                <p className="truncate">{key.owner?.email ?? <span className="text-zinc-400">No owner</span>}</p>
                <p className="truncate text-xs text-zinc-500">{key.team ? key.team.name : "No team"}</p>
              </Td>
              <Td>
                <KeyStatusBadge keyRow={key} />
              </Td>
              <Td className="text-zinc-600">
                <p className="whitespace-nowrap">{limitsSummary(key)}</p>
                <p className="text-xs text-zinc-500">{key.allowedModels.length === 0 ? "All models" : key.allowedModels.join(", ")}</p>
                {budget ? (
                  <p className="whitespace-nowrap text-xs text-zinc-500">
                    Budget {formatUsd(budget.amountUsd)} {budgetPeriodShort[budget.period]}
                  </p>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap text-zinc-600">
                {key.lastUsedAt ? (
                  <span title={key.lastUsedAt}>{formatRelative(key.lastUsedAt)}</span>
                ) : (
                  <span className="text-zinc-400">Never</span>
                )}
                <p className="text-xs text-zinc-500">{key.expiresAt ? `Expires ${formatDate(key.expiresAt)}` : "No expiry"}</p>
              </Td>
              {showSpend ? <Td className="text-right tabular-nums">{formatSpend(spendByKey.get(key.id) ?? 0)}</Td> : null}
              {actions ? (
                <Td className="text-right">
                  {key.status === "revoked" ? null : <Menu label={`Actions for ${key.name}`} items={menuItems(key, actions)} />}
                </Td>
              ) : null}
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
