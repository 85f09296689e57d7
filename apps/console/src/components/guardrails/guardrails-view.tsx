"use client";

import { can } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PublishBar } from "@/components/config/publish-bar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Menu } from "@/components/ui/menu";
import { PageHeader } from "@/components/ui/page-header";
import { ListQueryState } from "@/components/ui/query-state";
import { HiddenTh, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import type { Viewer } from "@/lib/access";
import { guardrailTypeLabels, hasReplyStage, isGuardrailType, modeLabels, scopeSummary, stageLabels } from "@/lib/guardrails";
import { useTRPC } from "@/lib/trpc";
import { GuardrailDialog, type GuardrailRow } from "./guardrail-dialog";
import { TryItCard } from "./try-it-card";

function modeText(row: GuardrailRow): string {
  if (!isGuardrailType(row.type)) return row.mode;
  const labels = modeLabels[row.type];
  return row.mode === "mask" && labels.mask ? labels.mask : labels.block;
}

function stageText(row: GuardrailRow): string {
  if (!isGuardrailType(row.type) || !hasReplyStage(row.type)) return stageLabels.pre;
  return row.stage === "post" || row.stage === "both" ? stageLabels[row.stage] : stageLabels.pre;
}

export function GuardrailsView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const guardrails = useQuery(trpc.guardrails.list.queryOptions());
  const [editing, setEditing] = useState<GuardrailRow | "new" | null>(null);
  const [deleting, setDeleting] = useState<GuardrailRow | null>(null);
  const mayWrite = can(viewer.role, "guardrails:write");
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.guardrails.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const setEnabled = useMutation(
    trpc.guardrails.update.mutationOptions({
      meta: { action: "change the guardrail" },
      onSuccess: async (saved) => {
        toast.success(`${saved.name} ${saved.enabled ? "enabled" : "disabled"}`);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.guardrails.delete.mutationOptions({
      meta: { action: "delete the guardrail" },
      onSuccess: async () => {
        toast.success(`${deleting?.name ?? "Guardrail"} deleted`);
        setDeleting(null);
        await refresh();
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Guardrails"
        description="Policies the gateway applies to requests and replies: personal data, blocked terms, prompt injection, token and tool-loop limits."
        actions={mayWrite ? <Button onClick={() => setEditing("new")}>New guardrail</Button> : null}
      />
      <PublishBar role={viewer.role} />
      <div className="grid grid-cols-1 gap-6">
        <Card>
          <ListQueryState
            query={guardrails}
            what="guardrails"
            empty={{
              title: "No guardrails yet",
              body: mayWrite
                ? "Create one to mask personal data or stop prompt injections at the gateway."
                : "Requests pass through unchanged.",
            }}
          >
            {(rows) => (
              <Table testId="guardrails-table" label="Guardrails" minWidth="52rem">
                <TableHead>
                  <Th>Policy</Th>
                  <Th>Type</Th>
                  <Th>When it matches</Th>
                  <Th>Checks</Th>
                  <Th>Scope</Th>
                  <Th>Status</Th>
                  {mayWrite ? <HiddenTh>Actions</HiddenTh> : null}
                </TableHead>
                <TableBody>
                  {rows.map((row) => (
                    <tr key={row.id} data-guardrail={row.slug} className={row.enabled ? undefined : "text-zinc-400"}>
                      <Td>
                        <p className="whitespace-nowrap font-medium">{row.name}</p>
                        <p className="font-mono text-xs text-zinc-500">{row.slug}</p>
                      </Td>
                      <Td>
                        <Badge tone="info">{isGuardrailType(row.type) ? guardrailTypeLabels[row.type] : row.type}</Badge>
                      </Td>
                      <Td className="max-w-[14rem] text-zinc-600">{modeText(row)}</Td>
                      <Td className="whitespace-nowrap text-zinc-600">{stageText(row)}</Td>
                      <Td className="max-w-[14rem] text-zinc-600">{scopeSummary(row.scope)}</Td>
                      <Td>{row.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</Td>
                      {mayWrite ? (
                        <Td className="text-right">
                          <Menu
                            label={`Actions for ${row.name}`}
                            items={[
                              { label: "Edit", onSelect: () => setEditing(row) },
                              {
                                label: row.enabled ? "Disable" : "Enable",
                                onSelect: () => setEnabled.mutate({ guardrailId: row.id, enabled: !row.enabled }),
                              },
                              { label: "Delete", onSelect: () => setDeleting(row), tone: "danger" },
                            ]}
                          />
                        </Td>
                      ) : null}
                    </tr>
                  ))}
                </TableBody>
              </Table>
            )}
          </ListQueryState>
        </Card>
        {guardrails.data ? <TryItCard guardrails={guardrails.data} /> : null}
      </div>
      {editing ? <GuardrailDialog existing={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ guardrailId: deleting.id })}
        pending={remove.isPending}
        title={`Delete ${deleting?.name ?? "guardrail"}?`}
        confirmLabel="Delete guardrail"
        description={<p>Gateways stop applying it with the next published configuration. Disable it instead to keep its settings.</p>}
      />
    </>
  );
}
