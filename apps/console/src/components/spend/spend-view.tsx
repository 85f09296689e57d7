"use client";

import { can } from "@switchyard/schemas";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { Segmented } from "@/components/ui/segmented";
import { EmptyState, Skeleton } from "@/components/ui/state";
import type { Viewer } from "@/lib/access";
import { dimensionLabels, exportHref, filtersToSearch, overTimeInput, type SpendFilters, stackDimensions } from "@/lib/spend-filters";
import { bucketStarts, describeRange, rangeProblem } from "@/lib/spend-range";
import { totalsOf, usageRows } from "@/lib/spend-series";
import { useTRPC } from "@/lib/trpc";
import { BurnDownCard } from "./burn-down-card";
import { SpendChart } from "./spend-chart";
import { SpendFilterBar } from "./spend-filter-bar";
import { SpendTotals } from "./spend-totals";
import { TopSpendersTable } from "./top-spenders-table";
import { UsageCharts } from "./usage-charts";

function reachText(viewer: Viewer): string {
  if (can(viewer.role, "spend:read-all")) return "Every request in the organisation, from the gateway's metered spend.";
  if (can(viewer.role, "members:write")) return "Requests of the teams you lead, from the gateway's metered spend.";
  return "Your own requests, from the gateway's metered spend.";
}

/**
 * The finance view. One `spend.overTime` query (grouped as the chart stacks) feeds the totals, the
 * stacked spend chart and the usage charts, so every number on the page comes from the same rows
 * as the CSV export of the same filters.
 */
export function SpendView({ viewer, initialFilters }: { viewer: Viewer; initialFilters: SpendFilters }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState(initialFilters);
  const problem = rangeProblem(filters.range, filters.bucket);
  const series = useQuery(
    trpc.spend.overTime.queryOptions(overTimeInput(filters), { enabled: problem === undefined, placeholderData: keepPreviousData }),
  );
  useEffect(() => {
    // The address bar follows the filters (the App Router syncs replaceState without a navigation),
    // so a view can be bookmarked or shared and reloads where it was.
    window.history.replaceState(null, "", `?${filtersToSearch(filters)}`);
  }, [filters]);
  const starts = bucketStarts(filters.range, filters.bucket);

  return (
    <>
      <PageHeader
        title="Spend"
        description={reachText(viewer)}
        actions={
          problem === undefined ? (
            <a href={exportHref({ report: "overTime" }, filters)} download className={buttonClasses("secondary")} data-testid="export-csv">
              <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.5">
                <path d="M10 3v10M6 9l4 4 4-4M4 16h12" />
              </svg>
              Export CSV
            </a>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-6">
        <Card>
          <SpendFilterBar viewer={viewer} filters={filters} onChange={setFilters} />
          <CardBody className="bg-zinc-50/60">
            {problem ? (
              <EmptyState title="Choose a valid range">{problem}</EmptyState>
            ) : (
              <QueryState
                query={series}
                what="spend"
                loading={
                  <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
                    {["spend", "requests", "tokens", "latency"].map((key) => (
                      <Skeleton key={key} className="h-[84px]" />
                    ))}
                  </div>
                }
              >
                {(points) => <SpendTotals totals={totalsOf(points)} />}
              </QueryState>
            )}
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Spend over time"
            description={`${describeRange(filters.range)}, per ${filters.bucket} (UTC), stacked by ${dimensionLabels[filters.stackBy].toLowerCase()}.`}
            action={
              <Segmented
                label="Stack by"
                hideLabel
                value={filters.stackBy}
                onChange={(stackBy) => setFilters({ ...filters, stackBy })}
                options={stackDimensions.map((dimension) => ({ value: dimension, label: dimensionLabels[dimension] }))}
              />
            }
          />
          <CardBody>
            {problem ? null : (
              <QueryState query={series} what="spend over time" loading={<Skeleton className="h-80 w-full" />}>
                {(points) =>
                  points.length === 0 ? (
                    <EmptyState title="No spend in this range">
                      Requests through the gateway appear here within seconds. Try a longer range or fewer filters.
                    </EmptyState>
                  ) : (
                    <SpendChart points={points} starts={starts} bucket={filters.bucket} />
                  )
                }
              </QueryState>
            )}
          </CardBody>
        </Card>

        {series.data && series.data.length > 0 && !problem ? (
          <UsageCharts rows={usageRows(series.data, starts)} bucket={filters.bucket} />
        ) : null}

        <TopSpendersTable viewer={viewer} filters={filters} enabled={problem === undefined} />
        {can(viewer.role, "budgets:read") ? <BurnDownCard /> : null}
      </div>
    </>
  );
}
