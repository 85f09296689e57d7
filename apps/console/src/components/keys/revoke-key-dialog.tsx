"use client";

import { can, type Role } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Checkbox } from "@/components/ui/field";
import { describeError } from "@/lib/errors";
import { useTRPC } from "@/lib/trpc";
import type { KeyRow } from "./key-types";

/**
 * Revoking is final. A revoked key stops working when gateways apply the next config version, so
 * a publisher can publish in the same step: the usual reason to revoke is a key that leaked.
 */
export function RevokeKeyDialog({ target, onClose, role }: { target: KeyRow | null; onClose: () => void; role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const organization = useQuery(trpc.organization.get.queryOptions());
  const offerPublish = can(role, "config:publish") && organization.data?.autoPublish === false;
  const [publishNow, setPublishNow] = useState(true);
  const publish = useMutation(trpc.config.publish.mutationOptions());
  const revoke = useMutation(
    trpc.keys.revoke.mutationOptions({
      meta: { action: "revoke the key" },
      onSuccess: async (key) => {
        if (offerPublish && publishNow) {
          try {
            const result = await publish.mutateAsync({ message: `Revoke key ${key.name} (${key.prefix}…)` });
            toast.success(`${key.name} revoked`, {
              description: `Published as version ${result.version.number}; gateways refuse it within seconds.`,
            });
          } catch (error) {
            toast.error(`${key.name} revoked, but publishing failed`, { description: describeError(error) });
          }
        } else {
          toast.success(`${key.name} revoked`, {
            description: organization.data?.autoPublish
              ? "Gateways refuse it within seconds."
              : "Gateways refuse it once the configuration is published.",
          });
        }
        onClose();
        await queryClient.invalidateQueries(trpc.keys.pathFilter());
        await queryClient.invalidateQueries(trpc.config.pathFilter());
      },
    }),
  );
  return (
    <ConfirmDialog
      open={target !== null}
      onClose={onClose}
      onConfirm={() => target && revoke.mutate({ keyId: target.id })}
      pending={revoke.isPending || publish.isPending}
      title={`Revoke ${target?.name ?? "key"}?`}
      confirmLabel="Revoke key"
      description={
        <p>
          Requests with <code className="font-mono text-zinc-800">{target?.prefix}…</code> will be refused with 401. This cannot be undone;
          create or rotate a key to replace it.
        </p>
      }
    >
      {offerPublish ? (
        <Checkbox
          label="Publish the configuration now"
          hint="Gateways stop accepting the key within seconds. Other unpublished changes go out too."
          checked={publishNow}
          onChange={(event) => setPublishNow(event.target.checked)}
        />
      ) : null}
    </ConfirmDialog>
  );
}
