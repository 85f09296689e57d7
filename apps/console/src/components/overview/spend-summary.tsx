"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState, Skeleton } from "@/components/ui/state";
import { sumDecimals } from "@/lib/decimal";
import { formatDuration, formatInteger, formatPercent, formatUsd } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

function Metric({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="min-w-0 rounded-md border border-zinc-100 bg-zinc-50/60 px-4 py-3">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-1 truncate text-2xl font-semibold tabular-nums tracking-tight text-zinc-900" data-testid={testId}>
        {value}
      </dd>
      {hint ? <p className="mt-0.5 text-xs text-zinc-500">{hint}</p> : null}
    </div>
  );
}

/** Month-to-date totals from the control plane's daily rollups (what this role may see). */
export function SpendSummary({ period }: { period: { from: string; to: string; label: string } }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.spend.overTime.queryOptions({ from: period.from, to: period.to }));
  // Percentiles come from the rollups' latency histograms (within ~9 % of the exact value).
  const latency = useQuery(trpc.spend.latency.queryOptions({ from: period.from, to: period.to }));
  return (
    <Card>
      <CardHeader title="Usage this month" description={`${period.label}, from the gateway's metered requests.`} />
      <CardBody>
        <QueryState
          query={query}
          what="usage"
          loading={
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              {["spend", "requests", "errors", "latency"].map((key) => (
                <Skeleton key={key} className="h-[76px]" />
              ))}
            </div>
          }
        >
          {(points) => {
            const requests = points.reduce((total, point) => total + point.requests, 0);
            if (requests === 0) {
              return (
                <EmptyState title="No requests this month yet">
                  Spend appears here once applications call the gateway with a key.
                </EmptyState>
              );
            }
            const errors = points.reduce((total, point) => total + point.errors, 0);
            const tokens = points.reduce((total, point) => total + point.promptTokens + point.completionTokens, 0);
            const spend = sumDecimals(points.map((point) => point.costUsdDecimal));
            return (
              <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
                <Metric label="Spend" value={formatUsd(Number(spend))} hint={`${formatInteger(tokens)} tokens`} testId="metric-spend" />
                <Metric label="Requests" value={formatInteger(requests)} testId="metric-requests" />
                <Metric
                  label="Error rate"
                  value={formatPercent(errors / requests)}
                  hint={`${formatInteger(errors)} failed`}
                  testId="metric-errors"
                />
                <Metric
                  label="p95 latency"
                  value={
                    latency.data?.overall.p95Ms != null ? formatDuration(latency.data.overall.p95Ms) : latency.isError ? "unavailable" : "…"
                  }
                  hint={latency.data?.overall.p50Ms != null ? `p50 ${formatDuration(latency.data.overall.p50Ms)}` : undefined}
                  testId="metric-latency"
                />
              </dl>
            );
          }}
        </QueryState>
      </CardBody>
    </Card>
  );
}
