"use client";

import { can } from "@switchyard/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { PublishBar } from "@/components/config/publish-bar";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { QueryState } from "@/components/ui/query-state";
import { EmptyState, Skeleton } from "@/components/ui/state";
import type { Viewer } from "@/lib/access";
import { strategyDescriptions, strategyLabels } from "@/lib/providers";
import { useTRPC } from "@/lib/trpc";
import { CredentialsCard } from "./credentials-card";
import { DeploymentDialog } from "./deployment-dialog";
import type { DeploymentRow } from "./deployment-form-state";
import { useDeploymentHealth } from "./deployment-health";
import type { DeploymentActions } from "./deployments-table";
import { ModelCard } from "./model-card";
import { useModelHealth } from "./model-health";
import { RoutingDialog, type RoutingPolicy } from "./routing-dialog";

type Editing = { kind: "deployment"; row: DeploymentRow | null; model?: string } | { kind: "routing"; model: string | null };

function DefaultRouting({ policy, onEdit }: { policy: RoutingPolicy | undefined; onEdit: (() => void) | null }) {
  const strategy = policy?.strategy ?? "weighted";
  const facts = [
    { label: "Strategy", value: strategyLabels[strategy] },
    { label: "Retries", value: String(policy?.retries ?? 2) },
    { label: "Allowed failures", value: String(policy?.allowedFailures ?? 3) },
    { label: "Cooldown", value: `${policy?.cooldownSeconds ?? 30} s` },
  ];
  return (
    <Card>
      <CardHeader
        title="Default routing"
        description={strategyDescriptions[strategy]}
        action={
          onEdit ? (
            <Button size="sm" variant="secondary" onClick={onEdit}>
              Edit default
            </Button>
          ) : null
        }
      />
      <CardBody>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4" data-testid="default-routing">
          {facts.map((fact) => (
            <div key={fact.label}>
              <dt className="text-xs text-zinc-500">{fact.label}</dt>
              <dd className="font-medium">{fact.value}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}

export function ModelsView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const deployments = useQuery(trpc.deployments.list.queryOptions());
  const routing = useQuery(trpc.routing.list.queryOptions());
  const health = useModelHealth(can(viewer.role, "spend:read-all"));
  const deploymentHealth = useDeploymentHealth(can(viewer.role, "dataplanes:read"));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<DeploymentRow | null>(null);
  const mayWrite = can(viewer.role, "models:write");
  const mayRoute = can(viewer.role, "routing:write");
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.deployments.pathFilter());
    await queryClient.invalidateQueries(trpc.config.pathFilter());
  };
  const toggle = useMutation(
    trpc.deployments.setEnabled.mutationOptions({
      meta: { action: "change the deployment" },
      onSuccess: async (saved) => {
        toast.success(`${saved.slug} ${saved.enabled ? "enabled" : "disabled"}`);
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.deployments.delete.mutationOptions({
      meta: { action: "delete the deployment" },
      onSuccess: async () => {
        toast.success(`${deleting?.slug ?? "Deployment"} deleted`);
        setDeleting(null);
        await refresh();
      },
    }),
  );
  const actions: DeploymentActions | null = mayWrite
    ? {
        edit: (row) => setEditing({ kind: "deployment", row }),
        toggle: (row) => toggle.mutate({ deploymentId: row.id, enabled: !row.enabled }),
        remove: setDeleting,
      }
    : null;
  const policies = routing.data ?? [];
  const defaultPolicy = policies.find((policy) => policy.modelName === null);
  const byModel = new Map<string, DeploymentRow[]>();
  for (const row of deployments.data ?? []) byModel.set(row.modelName, [...(byModel.get(row.modelName) ?? []), row]);
  const models = [...byModel.keys()].sort();
  const routingTarget = editing?.kind === "routing" ? editing.model : undefined;

  return (
    <>
      <PageHeader
        title="Models & routing"
        description="The models clients call, the deployments behind each one, how the gateway chooses between them, and the credentials they use."
        actions={mayWrite ? <Button onClick={() => setEditing({ kind: "deployment", row: null })}>New deployment</Button> : null}
      />
      <PublishBar role={viewer.role} />
      <div className="grid grid-cols-1 gap-6">
        <DefaultRouting policy={defaultPolicy} onEdit={mayRoute ? () => setEditing({ kind: "routing", model: null }) : null} />
        <QueryState
          query={deployments}
          what="deployments"
          loading={
            <div className="space-y-4">
              <Skeleton className="h-40 w-full" />
              <Skeleton className="h-40 w-full" />
            </div>
          }
        >
          {() =>
            models.length === 0 ? (
              <EmptyState title="No models yet">
                {mayWrite ? "Create a deployment: its model name is what clients send as the model." : "An administrator adds models here."}
              </EmptyState>
            ) : (
              <div className="grid grid-cols-1 gap-6">
                {models.map((model) => (
                  <ModelCard
                    key={model}
                    model={model}
                    deployments={byModel.get(model) ?? []}
                    policy={policies.find((policy) => policy.modelName === model)}
                    fallbackPolicy={defaultPolicy}
                    health={health?.get(model)}
                    showHealth={health !== undefined}
                    deploymentHealth={deploymentHealth}
                    actions={actions}
                    onEditRouting={mayRoute ? () => setEditing({ kind: "routing", model }) : null}
                    onAddDeployment={mayWrite ? () => setEditing({ kind: "deployment", row: null, model }) : null}
                  />
                ))}
              </div>
            )
          }
        </QueryState>
        {can(viewer.role, "credentials:read") ? <CredentialsCard mayWrite={can(viewer.role, "credentials:write")} /> : null}
      </div>

      {editing?.kind === "deployment" ? (
        <DeploymentDialog existing={editing.row} defaultModel={editing.model} onClose={() => setEditing(null)} />
      ) : null}
      {routingTarget !== undefined ? (
        <RoutingDialog
          modelName={routingTarget}
          policy={policies.find((policy) => policy.modelName === routingTarget) ?? null}
          inherited={defaultPolicy ?? null}
          models={models}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate({ deploymentId: deleting.id })}
        pending={remove.isPending}
        title={`Delete ${deleting?.slug ?? "deployment"}?`}
        confirmLabel="Delete deployment"
        description={
          <p>
            Gateways stop sending <span className="font-mono">{deleting?.modelName}</span> requests to it with the next published
            configuration. Disable it instead to keep its settings.
          </p>
        }
      />
    </>
  );
}
