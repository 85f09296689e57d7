"use client";

import { can } from "@switchyard/schemas";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ListQueryState } from "@/components/ui/query-state";
import { Segmented } from "@/components/ui/segmented";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { Viewer } from "@/lib/access";
import { formatDuration, formatInteger, formatPercent, formatSpend } from "@/lib/format";
import { dimensionLabels, exportHref, filterInput, type SpenderDimension, type SpendFilters, spenderDimensions } from "@/lib/spend-filters";
import { exactUsd } from "@/lib/spend-series";
import { useTRPC } from "@/lib/trpc";

const limit = 10;

/** The biggest spenders of the range by team, key, user, model or provider, with their share. */
export function TopSpendersTable({ viewer, filters, enabled }: { viewer: Viewer; filters: SpendFilters; enabled: boolean }) {
  const trpc = useTRPC();
  const [by, setBy] = useState<SpenderDimension>("team");
  const query = useQuery(
    trpc.spend.topSpenders.queryOptions({ ...filterInput(filters), by, limit }, { enabled, placeholderData: keepPreviousData }),
  );
  // Users are named by email, which needs users:read; others would see bare ids.
  const dimensions = spenderDimensions.filter((dimension) => dimension !== "user" || can(viewer.role, "users:read"));
  return (
    <Card>
      <CardHeader
        title="Top spenders"
        description={`The ${limit} biggest by spend in the selected range and filters.`}
        action={
          <a
            href={exportHref({ report: "topSpenders", by, limit: 100 }, filters)}
            download
            className={buttonClasses("secondary", "sm")}
            data-testid="export-top-spenders"
          >
            CSV
          </a>
        }
      />
      <div className="border-b border-zinc-100 px-5 py-3">
        <Segmented
          label="By"
          value={by}
          onChange={setBy}
          options={dimensions.map((dimension) => ({ value: dimension, label: dimensionLabels[dimension] }))}
        />
      </div>
      <ListQueryState
        query={query}
        what="top spenders"
        rowHeight="sm"
        empty={{ title: "No spend in this range", body: "Requests through the gateway show up here within seconds." }}
      >
        {(spenders) => (
          <Table testId="top-spenders" label="Top spenders" minWidth="44rem">
            <TableHead>
              <Th className="w-10">#</Th>
              <Th>{dimensionLabels[by]}</Th>
              <Th className="text-right">Spend</Th>
              <Th className="w-40">Share</Th>
              <Th className="text-right">Requests</Th>
              <Th className="text-right">Tokens</Th>
              <Th className="text-right">Errors</Th>
              <Th className="text-right">Avg latency</Th>
            </TableHead>
            <TableBody>
              {spenders.map((spender, index) => (
                <tr key={spender.group || "unattributed"} data-spender={spender.label || "(none)"}>
                  <Td className="tabular-nums text-zinc-500">{index + 1}</Td>
                  <Td className="max-w-[16rem] truncate font-medium">{spender.label || "(none)"}</Td>
                  <Td className="text-right tabular-nums">
                    <span title={`exactly ${exactUsd(spender.costUsdDecimal)}`} data-exact={spender.costUsdDecimal}>
                      {formatSpend(spender.costUsd)}
                    </span>
                  </Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      <div className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-100" aria-hidden>
                        <div className="h-full rounded-full bg-indigo-600" style={{ width: `${Math.min(spender.share, 1) * 100}%` }} />
                      </div>
                      <span className="w-12 text-right text-xs tabular-nums text-zinc-600">{formatPercent(spender.share)}</span>
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{formatInteger(spender.requests)}</Td>
                  <Td className="text-right tabular-nums">{formatInteger(spender.tokens)}</Td>
                  <Td className="text-right tabular-nums">
                    {spender.errors > 0 ? (
                      <span className="text-red-700">
                        {formatInteger(spender.errors)} ({formatPercent(spender.errorRate)})
                      </span>
                    ) : (
                      <span className="text-zinc-400">0</span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums text-zinc-600">
                    {spender.avgLatencyMs === null ? "—" : formatDuration(spender.avgLatencyMs)}
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        )}
      </ListQueryState>
    </Card>
  );
}
