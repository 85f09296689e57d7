"use client";

import { can } from "@switchyard/schemas";
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { GatewaysCard } from "@/components/overview/gateways-card";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import type { Viewer } from "@/lib/access";
import { useTRPC } from "@/lib/trpc";
import { DraftCard } from "./draft-card";
import { RollbackDialog } from "./rollback-dialog";
import { type Comparison, VersionCompare } from "./version-compare";
import { VersionsTable } from "./versions-table";

const pageSize = 50;
const maxVersions = 200;

export function ConfigVersionsView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const [limit, setLimit] = useState(pageSize);
  const versions = useQuery(trpc.config.versions.queryOptions({ limit }, { refetchInterval: 15_000 }));
  // Gateways report what they applied every few seconds after a publish; keep the column current.
  const gateways = useQuery(trpc.dataPlanes.list.queryOptions(undefined, { refetchInterval: 3_000 }));
  const organization = useQuery(trpc.organization.get.queryOptions());
  const [chosen, setChosen] = useState<Comparison | null>(null);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const compareRef = useRef<HTMLElement>(null);
  const mayPublish = can(viewer.role, "config:publish");
  const rows = versions.data ?? [];
  const live = rows[0]?.number ?? null;
  const numbers = rows.map((row) => row.number);
  const comparison: Comparison | null =
    chosen ?? (live === null ? null : live > 1 && numbers.includes(live - 1) ? { from: live - 1, to: live } : { from: live, to: null });
  const compare = (number: number) => {
    setChosen(number > 1 && numbers.includes(number - 1) ? { from: number - 1, to: number } : { from: number, to: null });
    requestAnimationFrame(() => {
      compareRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      compareRef.current?.focus({ preventScroll: true });
    });
  };

  return (
    <>
      <PageHeader
        title="Config versions"
        description="Every configuration gateways have been given: immutable, numbered, and each one can be compared or restored."
      />
      <div className="grid grid-cols-1 gap-6">
        <DraftCard mayPublish={mayPublish} autoPublish={organization.data?.autoPublish ?? false} />
        <Card>
          <CardHeader title="History" description="Newest first. Rolling back publishes an earlier version's content as a new version." />
          <ListQueryState
            query={versions}
            what="versions"
            empty={{ title: "Nothing published yet", body: "The first publish creates version 1." }}
          >
            {(list) => (
              <>
                <VersionsTable
                  versions={list}
                  gateways={gateways.data?.dataPlanes ?? []}
                  live={live}
                  onCompare={compare}
                  onRollback={mayPublish ? setRollingBack : null}
                />
                {list.length === limit && limit < maxVersions ? (
                  <div className="border-t border-zinc-100 px-5 py-3 text-center">
                    <Button variant="ghost" size="sm" onClick={() => setLimit(Math.min(limit + pageSize, maxVersions))}>
                      Show older versions
                    </Button>
                  </div>
                ) : null}
              </>
            )}
          </ListQueryState>
        </Card>
        {comparison ? <VersionCompare ref={compareRef} versions={numbers} comparison={comparison} onChange={setChosen} /> : null}
        {can(viewer.role, "dataplanes:read") ? <GatewaysCard showConfig={false} /> : null}
      </div>
      {rollingBack !== null && live !== null ? (
        <RollbackDialog target={rollingBack} live={live} onClose={() => setRollingBack(null)} />
      ) : null}
    </>
  );
}
