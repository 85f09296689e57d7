"use client";

import type { AppRouter } from "@switchyard/control-plane/router";
import type { inferRouterOutputs } from "@trpc/server";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { HiddenTh, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { formatDateTime, formatRelative } from "@/lib/format";

type Outputs = inferRouterOutputs<AppRouter>;
export type VersionRow = Outputs["config"]["versions"][number];
export type DataPlaneRow = Outputs["dataPlanes"]["list"]["dataPlanes"][number];

/**
 * Every published version, newest first: who published it and why, its content hash, and which
 * gateways (as of their last heartbeat) run it right now.
 */
export function VersionsTable({
  versions,
  gateways,
  live,
  onCompare,
  onRollback,
}: {
  versions: readonly VersionRow[];
  gateways: readonly DataPlaneRow[];
  live: number | null;
  onCompare: (number: number) => void;
  onRollback: ((number: number) => void) | null;
}) {
  return (
    <Table testId="config-versions" label="Configuration versions" minWidth="52rem">
      <TableHead>
        <Th className="w-24">Version</Th>
        <Th>Message</Th>
        <Th>SHA-256</Th>
        <Th>Published</Th>
        <Th>Running on</Th>
        <HiddenTh>Actions</HiddenTh>
      </TableHead>
      <TableBody>
        {versions.map((version) => {
          const running = gateways.filter((gateway) => gateway.online && gateway.appliedVersion === version.number);
          return (
            <tr key={version.id} data-version={version.number}>
              <Td>
                <p className="font-semibold tabular-nums">v{version.number}</p>
                {version.number === live ? <Badge tone="success">Live</Badge> : null}
              </Td>
              <Td className="max-w-[22rem]">
                <p className="break-words text-zinc-900">{version.message}</p>
                <p className="text-xs text-zinc-500">
                  {version.authorEmail ?? "system"}
                  {version.rollbackOf !== null ? ` · rollback to v${version.rollbackOf}` : ""}
                </p>
              </Td>
              <Td>
                <code className="font-mono text-xs text-zinc-600" title={version.sha256}>
                  {version.sha256.slice(0, 12)}
                </code>
              </Td>
              <Td className="whitespace-nowrap text-zinc-600">
                {version.publishedAt ? (
                  <time dateTime={version.publishedAt} title={formatDateTime(version.publishedAt)}>
                    {formatRelative(version.publishedAt)}
                  </time>
                ) : (
                  "—"
                )}
              </Td>
              <Td>
                {running.length === 0 ? (
                  <span className="text-zinc-400">—</span>
                ) : (
                  <ul className="flex flex-wrap gap-1" data-testid="running-gateways">
                    {running.map((gateway) => (
                      <li key={gateway.id}>
                        <span
                          className="inline-flex max-w-[10rem] items-center gap-1 truncate rounded-full bg-emerald-50 px-2 py-0.5 font-mono text-[11px] text-emerald-800 ring-1 ring-inset ring-emerald-200"
                          title={gateway.instanceId}
                          data-gateway={gateway.instanceId}
                        >
                          <span aria-hidden className="size-1.5 shrink-0 rounded-full bg-emerald-500" />
                          {gateway.instanceId}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
              <Td className="whitespace-nowrap text-right">
                <span className="inline-flex gap-1.5">
                  <Button
                    variant="secondary"
                    size="xs"
                    onClick={() => onCompare(version.number)}
                    aria-label={`Compare version ${version.number}`}
                  >
                    Compare
                  </Button>
                  {onRollback && live !== null && version.number !== live ? (
                    <Button
                      variant="secondary"
                      size="xs"
                      onClick={() => onRollback(version.number)}
                      aria-label={`Roll back to version ${version.number}`}
                    >
                      Roll back
                    </Button>
                  ) : null}
                </span>
              </Td>
            </tr>
          );
        })}
      </TableBody>
    </Table>
  );
}
