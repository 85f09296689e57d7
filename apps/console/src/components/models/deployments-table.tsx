"use client";

import { Badge } from "@/components/ui/badge";
import { Menu } from "@/components/ui/menu";
import { HiddenTh, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { formatInteger, formatPercent } from "@/lib/format";
import { microsToUsdText } from "@/lib/money";
import { providerLabel } from "@/lib/providers";
import type { DeploymentRow } from "./deployment-form-state";
import { DeploymentHealthBadge, type DeploymentHealthView } from "./deployment-health";

export interface DeploymentActions {
  edit: (row: DeploymentRow) => void;
  toggle: (row: DeploymentRow) => void;
  remove: (row: DeploymentRow) => void;
}

function limitsText(row: DeploymentRow): string {
  const parts = [
    row.rpm === null ? null : `${formatInteger(row.rpm)} rpm`,
    row.tpm === null ? null : `${formatInteger(row.tpm)} tpm`,
    row.maxParallel === null ? null : `${formatInteger(row.maxParallel)} parallel`,
  ].filter((part): part is string => part !== null);
  return parts.length > 0 ? parts.join(" · ") : "No limits";
}

/** "$0.60" for 600000: cents at least, and every micro-dollar digit a price has. */
function priceText(micros: number): string {
  const [whole, fraction = ""] = microsToUsdText(micros).split(".");
  return `$${whole}.${fraction.padEnd(2, "0")}`;
}

/** The deployments of one model: where requests go, in what share, at what price. */
export function DeploymentsTable({
  model,
  rows,
  weighted,
  actions,
  health,
}: {
  model: string;
  rows: DeploymentRow[];
  /** Shares only mean something under the weighted strategy (and cost ties). */
  weighted: boolean;
  actions: DeploymentActions | null;
  /** Gateways' routing health; undefined while loading or not readable by this role. */
  health: DeploymentHealthView | undefined;
}) {
  const totalWeight = rows.filter((row) => row.enabled).reduce((sum, row) => sum + row.weight, 0);
  return (
    <Table testId={`deployments-${model}`} label={`Deployments of ${model}`} minWidth="50rem">
      <TableHead>
        <Th>Deployment</Th>
        <Th>Provider</Th>
        <Th className="text-right">Weight</Th>
        <Th className="text-right">Price / 1M in · out</Th>
        <Th>Limits</Th>
        <Th>Status</Th>
        {health ? <Th>Health</Th> : null}
        {actions ? <HiddenTh>Actions</HiddenTh> : null}
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <tr key={row.id} data-deployment={row.slug} className={row.enabled ? undefined : "text-zinc-400"}>
            <Td>
              <p className="whitespace-nowrap font-mono text-[13px] font-medium">{row.slug}</p>
              <p className="text-xs text-zinc-500">{row.upstreamModel}</p>
            </Td>
            <Td>
              <p>{providerLabel(row.provider)}</p>
              <p className="max-w-[14rem] truncate text-xs text-zinc-500" title={row.apiBase ?? undefined}>
                {row.credential ? `${row.credential.name} (…${row.credential.last4})` : (row.apiBase ?? "Provider default")}
              </p>
            </Td>
            <Td className="text-right tabular-nums">
              <span data-testid="deployment-weight">{row.weight}</span>
              {weighted && row.enabled ? (
                <p className="text-xs text-zinc-500">
                  {totalWeight > 0 ? formatPercent(row.weight / totalWeight) : "—"}
                  {row.weight === 0 ? " standby" : ""}
                </p>
              ) : null}
            </Td>
            <Td className="whitespace-nowrap text-right tabular-nums">
              {priceText(row.price.inputMicrosPerMTok)} · {priceText(row.price.outputMicrosPerMTok)}
            </Td>
            <Td className="text-zinc-600">
              <p>{limitsText(row)}</p>
              <p className="text-xs text-zinc-500">timeout {Number((row.timeoutMs / 1000).toFixed(1))} s</p>
            </Td>
            <Td>{row.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</Td>
            {health ? <Td>{row.enabled ? <DeploymentHealthBadge view={health} slug={row.slug} /> : null}</Td> : null}
            {actions ? (
              <Td className="text-right">
                <Menu
                  label={`Actions for ${row.slug}`}
                  items={[
                    { label: "Edit", onSelect: () => actions.edit(row) },
                    { label: row.enabled ? "Disable" : "Enable", onSelect: () => actions.toggle(row) },
                    { label: "Delete", onSelect: () => actions.remove(row), tone: "danger" },
                  ]}
                />
              </Td>
            ) : null}
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}
