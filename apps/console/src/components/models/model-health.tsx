"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { formatDuration, formatInteger, formatPercent } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

export interface ModelHealth {
  requests: number;
  errors: number;
  errorRate: number;
  avgLatencyMs: number | null;
}

const hourMs = 3_600_000;

/**
 * Traffic per model from the last 24 hours of metered gateway requests, next to the per-deployment
 * routing health the gateways heartbeat (deployment-health.tsx); only roles that read all spend
 * get it (others would see only their own requests).
 */
export function useModelHealth(enabled: boolean): Map<string, ModelHealth> | undefined {
  const trpc = useTRPC();
  // Whole hours keep the query key stable across renders (and read the hourly rollups whole).
  const [range] = useState(() => {
    const end = Math.ceil(Date.now() / hourMs) * hourMs;
    return { from: new Date(end - 24 * hourMs).toISOString(), to: new Date(end).toISOString() };
  });
  const query = useQuery(trpc.spend.topSpenders.queryOptions({ ...range, by: "model", limit: 100 }, { enabled, refetchInterval: 60_000 }));
  if (!query.data) return undefined;
  return new Map(
    query.data.map((row) => [
      row.group,
      { requests: row.requests, errors: row.errors, errorRate: row.errorRate, avgLatencyMs: row.avgLatencyMs },
    ]),
  );
}

/**
 * Rollups count every answer of 400 or above as failed, refusals by limits and guardrails included,
 * so a small failure share says little about the upstream; only a majority of failures is flagged.
 */
export function HealthSummary({ health }: { health: ModelHealth | undefined }) {
  if (!health || health.requests === 0) {
    return (
      <span className="flex flex-wrap items-center gap-2 text-xs text-zinc-500" data-testid="model-health">
        <Badge>No traffic</Badge> in the last 24 hours
      </span>
    );
  }
  return (
    <span
      className="flex flex-wrap items-center gap-2 text-xs text-zinc-500"
      data-testid="model-health"
      title="Failed counts every answer of 400 or above, including refusals by limits and guardrails."
    >
      {health.errorRate >= 0.5 ? <Badge tone="danger">Mostly failing</Badge> : <Badge tone="success">Serving</Badge>}
      <span>
        {formatInteger(health.requests)} {health.requests === 1 ? "request" : "requests"} in 24 h · {formatPercent(health.errorRate)} failed
        {health.avgLatencyMs === null ? "" : ` · ${formatDuration(health.avgLatencyMs)} avg`}
      </span>
    </span>
  );
}
