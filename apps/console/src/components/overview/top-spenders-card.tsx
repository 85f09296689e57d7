"use client";

import { useQuery } from "@tanstack/react-query";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState } from "@/components/ui/state";
import { formatInteger, formatUsd } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

type Dimension = "model" | "team";

function SpenderList({ by, period }: { by: Dimension; period: { from: string; to: string } }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.spend.topSpenders.queryOptions({ from: period.from, to: period.to, by, limit: 5 }));
  const title = by === "model" ? "Top models" : "Top teams";
  return (
    <div className="min-w-0">
      <h3 className="mb-3 text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</h3>
      <QueryState query={query} what={title.toLowerCase()}>
        {(spenders) => {
          if (spenders.length === 0) return <EmptyState title="Nothing spent yet" />;
          const highest = Math.max(...spenders.map((spender) => spender.costUsd), Number.EPSILON);
          return (
            <ol className="space-y-3" data-testid={`top-${by}s`}>
              {spenders.map((spender) => (
                <li key={spender.group || "unattributed"}>
                  <div className="flex items-baseline justify-between gap-3">
                    <span className="truncate font-medium">{spender.label || "Unattributed"}</span>
                    <span className="shrink-0 tabular-nums">{formatUsd(spender.costUsd)}</span>
                  </div>
                  <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
                    <div className="h-full rounded-full bg-zinc-800" style={{ width: `${(spender.costUsd / highest) * 100}%` }} />
                  </div>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {formatInteger(spender.requests)} requests · {formatInteger(spender.tokens)} tokens
                  </p>
                </li>
              ))}
            </ol>
          );
        }}
      </QueryState>
    </div>
  );
}

export function TopSpendersCard({ period }: { period: { from: string; to: string; label: string } }) {
  return (
    <Card>
      <CardHeader title="Where the money goes" description={`${period.label}, by spend.`} />
      <CardBody className="grid grid-cols-1 gap-6 sm:grid-cols-2">
        <SpenderList by="model" period={period} />
        <SpenderList by="team" period={period} />
      </CardBody>
    </Card>
  );
}
