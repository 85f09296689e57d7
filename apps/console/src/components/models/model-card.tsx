"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { strategyLabels } from "@/lib/providers";
import type { DeploymentRow } from "./deployment-form-state";
import type { DeploymentHealthView } from "./deployment-health";
import { type DeploymentActions, DeploymentsTable } from "./deployments-table";
import { HealthSummary, type ModelHealth } from "./model-health";
import type { RoutingPolicy } from "./routing-dialog";

function FallbackLine({ label, models }: { label: string; models: string[] }) {
  if (models.length === 0) return null;
  return (
    <p className="text-xs text-zinc-600">
      <span className="text-zinc-500">{label}: </span>
      {models.map((model, index) => (
        <span key={model}>
          {index > 0 ? <span className="text-zinc-400"> → </span> : null}
          <span className="font-mono">{model}</span>
        </span>
      ))}
    </p>
  );
}

/** One model as clients see it: its routing, its deployments, and how its traffic is doing. */
export function ModelCard({
  model,
  deployments,
  policy,
  fallbackPolicy,
  health,
  showHealth,
  deploymentHealth,
  actions,
  onEditRouting,
  onAddDeployment,
}: {
  model: string;
  deployments: DeploymentRow[];
  policy: RoutingPolicy | undefined;
  /** The organisation default, which applies when the model has no policy of its own. */
  fallbackPolicy: RoutingPolicy | undefined;
  health: ModelHealth | undefined;
  showHealth: boolean;
  deploymentHealth: DeploymentHealthView | undefined;
  actions: DeploymentActions | null;
  onEditRouting: (() => void) | null;
  onAddDeployment: (() => void) | null;
}) {
  const effective = policy ?? fallbackPolicy;
  const strategy = effective?.strategy ?? "weighted";
  const enabled = deployments.filter((row) => row.enabled).length;
  return (
    <Card>
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3 border-b border-zinc-100 px-5 py-4" data-model={model}>
        <div className="min-w-0 space-y-1.5">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="font-mono text-base font-semibold text-zinc-900">{model}</h2>
            <Badge tone="info">{strategyLabels[strategy]}</Badge>
            {policy ? null : <span className="text-xs text-zinc-500">default routing</span>}
            <span className="text-xs text-zinc-500">
              {enabled} of {deployments.length} {deployments.length === 1 ? "deployment" : "deployments"} enabled
            </span>
          </div>
          {effective ? (
            <p className="text-xs text-zinc-500">
              {effective.retries} {effective.retries === 1 ? "retry" : "retries"} · cooldown {effective.cooldownSeconds} s after{" "}
              {effective.allowedFailures} {effective.allowedFailures === 1 ? "failure" : "failures"}
            </p>
          ) : null}
          <FallbackLine label="Fallbacks" models={policy?.fallbacks ?? []} />
          <FallbackLine label="Context window" models={policy?.contextWindowFallbacks ?? []} />
          <FallbackLine label="Content policy" models={policy?.contentPolicyFallbacks ?? []} />
          {showHealth ? <HealthSummary health={health} /> : null}
        </div>
        <div className="flex shrink-0 gap-2">
          {onEditRouting ? (
            <Button size="sm" variant="secondary" onClick={onEditRouting} aria-label={`Routing for ${model}`}>
              Routing…
            </Button>
          ) : null}
          {onAddDeployment ? (
            <Button size="sm" variant="secondary" onClick={onAddDeployment} aria-label={`Add a deployment to ${model}`}>
              Add deployment
            </Button>
          ) : null}
        </div>
      </header>
      <DeploymentsTable
        model={model}
        rows={deployments}
        weighted={strategy === "weighted" || strategy === "cost"}
        actions={actions}
        health={deploymentHealth}
      />
    </Card>
  );
}
