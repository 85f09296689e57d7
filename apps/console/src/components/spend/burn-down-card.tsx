"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { axisTick, axisUsd, ChartTooltip, legendText } from "@/components/charts/chart-tooltip";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/field";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState, Skeleton } from "@/components/ui/state";
import { budgetPeriodShort } from "@/lib/budgets";
import { measureColours } from "@/lib/chart-colors";
import { formatDate, formatPercent, formatSpend, formatUsd } from "@/lib/format";
import { bucketTick, bucketTitle } from "@/lib/spend-range";
import { useTRPC } from "@/lib/trpc";

interface BudgetSubject {
  scope: "ORGANIZATION" | "TEAM" | "USER" | "KEY";
  team: { name: string } | null;
  user: { email: string } | null;
  key: { name: string; prefix: string } | null;
}

function budgetName(budget: BudgetSubject): string {
  if (budget.scope === "TEAM") return `Team ${budget.team?.name ?? "(deleted)"}`;
  if (budget.scope === "USER") return `User ${budget.user?.email ?? "(deleted)"}`;
  if (budget.scope === "KEY") return `Key ${budget.key ? `${budget.key.name} (${budget.key.prefix}…)` : "(deleted)"}`;
  return "Organisation";
}

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="truncate font-medium tabular-nums text-zinc-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function BurnDownChart({ budgetId }: { budgetId: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.spend.burnDown.queryOptions({ budgetId }));
  return (
    <QueryState query={query} what="the burn-down" loading={<Skeleton className="h-72 w-full" />}>
      {({ utilisation, bucket, points }) => {
        const amount = utilisation.budget.amountUsd;
        const data = points.map((point) => ({
          bucketStart: point.bucketStart,
          spent: point.cumulativeUsd,
          forecast: point.forecastCumulativeUsd,
          pace: Math.max(amount - point.idealRemainingUsd, 0),
        }));
        const highest = Math.max(amount, utilisation.forecastUsd, utilisation.spentUsd) * 1.08;
        return (
          <>
            <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
              <Fact
                label="Spent this window"
                testId="burn-down-spent"
                value={
                  <>
                    {formatSpend(utilisation.spentUsd)} <span className="font-normal text-zinc-500">of {formatUsd(amount)}</span>
                  </>
                }
              />
              <Fact
                label="Forecast at reset"
                value={
                  <span className={utilisation.forecastOverBudget ? "text-red-700" : undefined}>
                    {formatSpend(utilisation.forecastUsd)} ({formatPercent(amount > 0 ? utilisation.forecastUsd / amount : 0)})
                  </span>
                }
              />
              <Fact label="Daily rate" value={`${formatSpend(utilisation.dailyRateUsd)} / day`} />
              <Fact
                label={utilisation.projectedExhaustionAt ? "Runs out" : "Resets"}
                value={formatDate(utilisation.projectedExhaustionAt ?? utilisation.resetAt)}
              />
            </dl>
            <figure className="h-72 w-full" data-testid="burn-down-chart">
              <figcaption className="sr-only">
                Cumulative spend against the budget of {formatUsd(amount)}, with the linear forecast to {formatDate(utilisation.resetAt)}.
              </figcaption>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={data} margin={{ top: 16, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid vertical={false} stroke="#f4f4f5" />
                  <XAxis
                    dataKey="bucketStart"
                    tickFormatter={(value: string) => bucketTick(value, bucket)}
                    tick={axisTick}
                    tickLine={false}
                    axisLine={{ stroke: "#e4e4e7" }}
                    minTickGap={16}
                  />
                  <YAxis tickFormatter={axisUsd} tick={axisTick} tickLine={false} axisLine={false} width={64} domain={[0, highest]} />
                  <Tooltip
                    content={({ active, payload, label }) => (
                      <ChartTooltip
                        active={active}
                        payload={payload}
                        title={bucketTitle(String(label ?? ""), bucket)}
                        format={formatSpend}
                      />
                    )}
                  />
                  <Legend iconSize={10} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} formatter={legendText} />
                  <ReferenceLine
                    y={amount}
                    stroke={measureColours.danger}
                    strokeDasharray="4 4"
                    label={{ value: `Budget ${formatUsd(amount)}`, position: "insideTopLeft", fontSize: 11, fill: measureColours.danger }}
                  />
                  <Line
                    dataKey="pace"
                    name="Even pace"
                    stroke={measureColours.guide}
                    strokeDasharray="2 4"
                    dot={false}
                    isAnimationActive={false}
                  />
                  <Area
                    dataKey="spent"
                    name="Spent"
                    stroke={measureColours.primary}
                    fill={measureColours.primary}
                    fillOpacity={0.12}
                    strokeWidth={2}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                  <Line
                    dataKey="forecast"
                    name="Forecast"
                    stroke={measureColours.forecast}
                    strokeDasharray="6 4"
                    strokeWidth={2}
                    dot={false}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
            </figure>
          </>
        );
      }}
    </QueryState>
  );
}

/** One budget's current window: spend so far, the linear forecast to the reset, and the even-spending guide. */
export function BurnDownCard() {
  const trpc = useTRPC();
  const selectId = useId();
  const budgets = useQuery(trpc.spend.budgetUtilisation.queryOptions());
  const [chosen, setChosen] = useState("");
  const list = budgets.data ?? [];
  const selected = list.find((item) => item.budget.id === chosen) ?? list.find((item) => item.budget.scope === "ORGANIZATION") ?? list[0];
  return (
    <Card>
      <CardHeader
        title="Budget burn-down"
        description="Cumulative spend in the budget's current window, and where it is heading."
        action={
          selected ? (
            <a
              href={`/api/export/spend.csv?report=burnDown&budgetId=${encodeURIComponent(selected.budget.id)}`}
              download
              className={buttonClasses("secondary", "sm")}
            >
              CSV
            </a>
          ) : null
        }
      />
      <CardBody>
        <QueryState query={budgets} what="budgets" loading={<Skeleton className="h-80 w-full" />}>
          {() =>
            selected ? (
              <>
                <div className="mb-4 flex flex-wrap items-center gap-3">
                  <label htmlFor={selectId} className="text-sm text-zinc-600">
                    Budget
                  </label>
                  <Select
                    id={selectId}
                    className="w-full sm:w-72"
                    value={selected.budget.id}
                    onChange={(event) => setChosen(event.target.value)}
                    data-testid="burn-down-budget"
                  >
                    {list.map((item) => (
                      <option key={item.budget.id} value={item.budget.id}>
                        {budgetName(item.budget)} · {formatUsd(item.budget.amountUsd)} {budgetPeriodShort[item.budget.period]}
                      </option>
                    ))}
                  </Select>
                  {selected.overBudget ? (
                    <Badge tone="danger">Over budget</Badge>
                  ) : selected.forecastOverBudget ? (
                    <Badge tone="warning">Forecast over budget</Badge>
                  ) : selected.overSoftThreshold ? (
                    <Badge tone="warning">Near limit</Badge>
                  ) : (
                    <Badge tone="success">On track</Badge>
                  )}
                </div>
                <BurnDownChart budgetId={selected.budget.id} />
              </>
            ) : (
              <EmptyState title="No budgets set">
                Budgets cap spend per organisation, team, user or key; set one on Teams or Keys.
              </EmptyState>
            )
          }
        </QueryState>
      </CardBody>
    </Card>
  );
}
