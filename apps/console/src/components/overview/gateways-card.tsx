"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState } from "@/components/ui/state";
import { formatRelative } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";

function PublishedVersion() {
  const trpc = useTRPC();
  const query = useQuery(trpc.config.draft.queryOptions());
  return (
    <QueryState query={query} what="the published configuration" loading={<div className="h-10" />}>
      {(draft) => (
        <div className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-zinc-100 bg-zinc-50/60 px-3 py-2.5">
          {draft.published ? (
            <>
              <span className="font-medium" data-testid="published-version">
                Published v{draft.published.number}
              </span>
              <span className="min-w-0 truncate text-zinc-500">{draft.published.message}</span>
              {draft.published.publishedAt ? (
                <span className="text-xs text-zinc-500">{formatRelative(draft.published.publishedAt)}</span>
              ) : null}
            </>
          ) : (
            <span className="text-zinc-600">No configuration published yet.</span>
          )}
          {draft.hasDraft ? (
            <span className="ml-auto">
              <Badge tone="warning">Unpublished changes</Badge>
            </span>
          ) : null}
        </div>
      )}
    </QueryState>
  );
}

/** Every gateway instance that reported in and whether it runs the latest published version. */
export function GatewaysCard({ showConfig }: { showConfig: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.dataPlanes.list.queryOptions());
  return (
    <Card>
      <CardHeader title="Gateways" description="Data-plane instances and the configuration version each one applied." />
      <CardBody>
        {showConfig ? <PublishedVersion /> : null}
        <QueryState query={query} what="gateways">
          {({ dataPlanes: gateways }) => {
            if (gateways.length === 0) {
              return (
                <EmptyState title="No gateway has reported in">
                  Gateways appear here after their first heartbeat to the control plane.
                </EmptyState>
              );
            }
            return (
              <div className="-mx-5 overflow-x-auto">
                <table className="w-full min-w-[32rem] text-left" data-testid="gateways">
                  <thead className="border-b border-zinc-100 text-xs uppercase tracking-wide text-zinc-500">
                    <tr>
                      <th className="px-5 py-2 font-medium">Instance</th>
                      <th className="px-2 py-2 font-medium">Status</th>
                      <th className="px-2 py-2 font-medium">Config</th>
                      <th className="px-5 py-2 text-right font-medium">Last seen</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-zinc-100">
                    {gateways.map((gateway) => (
                      <tr key={gateway.id}>
                        <td className="max-w-[14rem] truncate px-5 py-2.5 font-mono text-[13px]">{gateway.instanceId}</td>
                        <td className="px-2 py-2.5">
                          {gateway.online ? <Badge tone="success">Online</Badge> : <Badge tone="neutral">Offline</Badge>}
                        </td>
                        <td className="px-2 py-2.5">
                          <span className="tabular-nums">{gateway.appliedVersion === null ? "—" : `v${gateway.appliedVersion}`}</span>{" "}
                          {gateway.upToDate ? null : <Badge tone="warning">Behind</Badge>}
                        </td>
                        <td className="px-5 py-2.5 text-right text-zinc-500">{formatRelative(gateway.lastSeenAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </QueryState>
      </CardBody>
    </Card>
  );
}
