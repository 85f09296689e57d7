"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Menu } from "@/components/ui/menu";
import { ListQueryState } from "@/components/ui/query-state";
import { HiddenTh, Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { formatRelative } from "@/lib/format";
import { providerLabel } from "@/lib/providers";
import { useTRPC } from "@/lib/trpc";
import { CredentialDialog, type CredentialRow } from "./credential-dialog";

/** Provider credentials by name, provider and last four characters: the secret itself never comes back. */
export function CredentialsCard({ mayWrite }: { mayWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const credentials = useQuery(trpc.credentials.list.queryOptions());
  const [editing, setEditing] = useState<CredentialRow | "new" | null>(null);
  const [deleting, setDeleting] = useState<CredentialRow | null>(null);
  const remove = useMutation(
    trpc.credentials.delete.mutationOptions({
      meta: { action: "delete the credential" },
      onSuccess: async () => {
        toast.success(`Credential ${deleting?.name ?? ""} deleted`);
        setDeleting(null);
        await queryClient.invalidateQueries(trpc.credentials.pathFilter());
        await queryClient.invalidateQueries(trpc.deployments.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  return (
    <Card>
      <CardHeader
        title="Credentials"
        description="Provider API keys, sealed at rest and in published configs. Only the last four characters are shown."
        action={
          mayWrite ? (
            <Button size="sm" variant="secondary" onClick={() => setEditing("new")}>
              Add credential
            </Button>
          ) : null
        }
      />
      <ListQueryState
        query={credentials}
        what="credentials"
        rows={1}
        rowHeight="md"
        empty={{
          title: "No credentials stored",
          body: "Deployments without a credential call providers that need none (local models, the demo provider).",
        }}
      >
        {(rows) => (
          <Table testId="credentials-table" label="Credentials" minWidth="36rem">
            <TableHead>
              <Th>Name</Th>
              <Th>Provider</Th>
              <Th>Secret</Th>
              <Th>Used by</Th>
              <Th>Updated</Th>
              {mayWrite ? <HiddenTh>Actions</HiddenTh> : null}
            </TableHead>
            <TableBody>
              {rows.map((row) => (
                <tr key={row.id} data-credential={row.name}>
                  <Td className="font-medium">{row.name}</Td>
                  <Td>{providerLabel(row.provider)}</Td>
                  <Td className="font-mono text-[13px] text-zinc-600">••••{row.last4}</Td>
                  <Td className="text-zinc-600">{row.deploymentCount === 1 ? "1 deployment" : `${row.deploymentCount} deployments`}</Td>
                  <Td className="text-zinc-500">{formatRelative(row.updatedAt)}</Td>
                  {mayWrite ? (
                    <Td className="text-right">
                      <Menu
                        label={`Actions for ${row.name}`}
                        items={[
                          { label: "Replace secret", onSelect: () => setEditing(row) },
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
      {editing ? <CredentialDialog existing={editing === "new" ? null : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ credentialId: deleting.id })}
        pending={remove.isPending}
        title={`Delete ${deleting?.name ?? "credential"}?`}
        confirmLabel="Delete credential"
        description={
          deleting && deleting.deploymentCount > 0 ? (
            <p>
              {deleting.deploymentCount === 1 ? "1 deployment uses" : `${deleting.deploymentCount} deployments use`} it and will call their
              provider without a key after the next publish.
            </p>
          ) : (
            <p>No deployment uses it. The sealed secret is erased.</p>
          )
        }
      />
    </Card>
  );
}
