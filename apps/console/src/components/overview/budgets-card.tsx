"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState } from "@/components/ui/state";
import { formatPercent, formatUsd } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

interface BudgetSubject {
  scope: "ORGANIZATION" | "TEAM" | "USER" | "KEY";
  team: { name: string } | null;
  user: { email: string } | null;
  key: { name: string; prefix: string } | null;
}

function subjectOf(budget: BudgetSubject): { kind: string; name: string } {
  if (budget.scope === "TEAM") return { kind: "Team", name: budget.team?.name ?? "Unknown team" };
  if (budget.scope === "USER") return { kind: "User", name: budget.user?.email ?? "Unknown user" };
  if (budget.scope === "KEY") return { kind: "Key", name: budget.key ? `${budget.key.name} (${budget.key.prefix}…)` : "Unknown key" };
  return { kind: "Organisation", name: "Whole organisation" };
}

/** Current window of every budget this role may read: spent, cap, and the linear forecast. */
export function BudgetsCard() {
  const trpc = useTRPC();
  const query = useQuery(trpc.spend.budgetUtilisation.queryOptions());
  return (
    <Card>
      <CardHeader title="Budgets" description="Spend in each budget's current window." />
      <CardBody>
        <QueryState query={query} what="budgets">
          {(budgets) => {
            if (budgets.length === 0)
              return <EmptyState title="No budgets set">Budgets cap spend per organisation, team, user or key.</EmptyState>;
            return (
              <ul className="divide-y divide-zinc-100" data-testid="budgets">
                {budgets.map((item) => {
                  const subject = subjectOf(item.budget);
                  const colour = item.overBudget ? "bg-red-600" : item.overSoftThreshold ? "bg-amber-500" : "bg-emerald-600";
                  return (
                    <li key={item.budget.id} className="py-3 first:pt-0 last:pb-0">
                      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
                        <span className="min-w-0 truncate">
                          <span className="text-zinc-500">{subject.kind} · </span>
                          <span className="font-medium">{subject.name}</span>
                        </span>
                        <span className="tabular-nums">
                          {formatUsd(item.spentUsd)} <span className="text-zinc-500">of {formatUsd(item.budget.amountUsd)}</span>
                        </span>
                      </div>
                      <div
                        className="mt-1.5 h-2 overflow-hidden rounded-full bg-zinc-100"
                        role="progressbar"
                        aria-label={`${subject.name} budget used`}
                        aria-valuemin={0}
                        aria-valuemax={100}
                        aria-valuenow={Math.round(Math.min(item.utilisation, 1) * 100)}
                      >
                        <div className={`h-full rounded-full ${colour}`} style={{ width: `${Math.min(item.utilisation, 1) * 100}%` }} />
                      </div>
                      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-500">
                        <span>{formatPercent(item.utilisation)} used</span>
                        <span aria-hidden>·</span>
                        <span>forecast {formatUsd(item.forecastUsd)}</span>
                        <span aria-hidden>·</span>
                        <span>resets {new Date(item.resetAt).toLocaleDateString("en-US", { month: "short", day: "numeric" })}</span>
                        {item.overBudget ? (
                          <Badge tone="danger">Over budget</Badge>
                        ) : item.overSoftThreshold ? (
                          <Badge tone="warning">Near limit</Badge>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
            );
          }}
        </QueryState>
      </CardBody>
    </Card>
  );
}
