"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { BudgetDialog } from "@/components/budgets/budget-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState } from "@/components/ui/state";
import { budgetPeriodLabels } from "@/lib/budgets";
import { formatDate, formatPercent, formatUsd } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

/** The team's spending cap for its current period, with what has been spent so far. */
export function TeamBudgetCard({ team, editable }: { team: { id: string; name: string }; editable: boolean }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const budgets = useQuery(trpc.budgets.list.queryOptions({ scope: "TEAM", teamId: team.id }));
  const utilisation = useQuery(trpc.spend.budgetUtilisation.queryOptions());
  const budget = budgets.data?.[0];
  const usage = utilisation.data?.find((item) => item.budget.id === budget?.id);
  return (
    <Card>
      <CardHeader
        title="Budget"
        description="Spend cap across every key on the team."
        action={
          editable && budgets.data ? (
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              {budget ? "Edit budget" : "Set budget"}
            </Button>
          ) : null
        }
      />
      <CardBody>
        <QueryState query={budgets} what="the team budget">
          {() =>
            !budget ? (
              <EmptyState title="No budget">
                {editable ? "Set one to stop the team's spend at a fixed amount per period." : "This team has no spending cap."}
              </EmptyState>
            ) : (
              <div data-testid="team-budget">
                <p className="text-2xl font-semibold tabular-nums tracking-tight">
                  {formatUsd(budget.amountUsd)}{" "}
                  <span className="text-sm font-normal text-zinc-500">{budgetPeriodLabels[budget.period]}</span>
                </p>
                {usage ? (
                  <>
                    <div
                      className="mt-3 h-2 overflow-hidden rounded-full bg-zinc-100"
                      role="progressbar"
                      aria-label="Budget used"
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={Math.round(Math.min(usage.utilisation, 1) * 100)}
                    >
                      <div
                        className={`h-full rounded-full ${usage.overBudget ? "bg-red-600" : usage.overSoftThreshold ? "bg-amber-500" : "bg-emerald-600"}`}
                        style={{ width: `${Math.min(usage.utilisation, 1) * 100}%` }}
                      />
                    </div>
                    <p className="mt-2 flex flex-wrap items-center gap-x-2 text-xs text-zinc-500">
                      <span className="tabular-nums">
                        {formatUsd(usage.spentUsd)} spent ({formatPercent(usage.utilisation)})
                      </span>
                      <span aria-hidden>·</span>
                      <span>resets {formatDate(usage.resetAt)}</span>
                      {usage.overBudget ? (
                        <Badge tone="danger">Over budget</Badge>
                      ) : usage.overSoftThreshold ? (
                        <Badge tone="warning">Near limit</Badge>
                      ) : null}
                    </p>
                  </>
                ) : null}
                {budget.softThreshold !== null ? (
                  <p className="mt-1 text-xs text-zinc-500">Alert at {formatPercent(budget.softThreshold)} of the amount.</p>
                ) : null}
              </div>
            )
          }
        </QueryState>
      </CardBody>
      {editing ? (
        <BudgetDialog
          open
          onClose={() => setEditing(false)}
          target={{ scope: "TEAM", teamId: team.id }}
          existing={budget}
          subject={`team ${team.name}`}
        />
      ) : null}
    </Card>
  );
}
