"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { useTRPC } from "@/lib/trpc";

type ReportedState = "healthy" | "cooling" | "unhealthy";

interface Reported {
  state: ReportedState;
  cooldownUntil?: string;
}

/** One deployment across the gateways that heartbeated in the last minute. */
export interface DeploymentHealth {
  /** Online gateways that reported this deployment. */
  reporting: number;
  cooling: number;
  unhealthy: number;
  /** The latest cooldown end any of them reported. */
  coolingUntil: string | undefined;
}

export interface DeploymentHealthView {
  /** Gateways seen in the last minute (the control plane's `online`). */
  gateways: number;
  bySlug: Map<string, DeploymentHealth>;
}

/** Sums what each online gateway reported per deployment (an offline gateway's last word is stale). */
export function aggregateDeploymentHealth(planes: { online: boolean; deployments: Record<string, Reported> }[]): DeploymentHealthView {
  const online = planes.filter((plane) => plane.online);
  const bySlug = new Map<string, DeploymentHealth>();
  for (const plane of online) {
    for (const [slug, reported] of Object.entries(plane.deployments)) {
      const entry = bySlug.get(slug) ?? { reporting: 0, cooling: 0, unhealthy: 0, coolingUntil: undefined };
      entry.reporting++;
      if (reported.state === "unhealthy") entry.unhealthy++;
      if (reported.state === "cooling") {
        entry.cooling++;
        if (reported.cooldownUntil && (!entry.coolingUntil || reported.cooldownUntil > entry.coolingUntil)) {
          entry.coolingUntil = reported.cooldownUntil;
        }
      }
      bySlug.set(slug, entry);
    }
  }
  return { gateways: online.length, bySlug };
}

/** Per-deployment routing health from the gateways' heartbeats (they beat every 10 s). */
export function useDeploymentHealth(enabled: boolean): DeploymentHealthView | undefined {
  const trpc = useTRPC();
  const query = useQuery(trpc.dataPlanes.list.queryOptions(undefined, { enabled, refetchInterval: 10_000 }));
  return query.data ? aggregateDeploymentHealth(query.data.dataPlanes) : undefined;
}

function ofGateways(count: number, total: number): string {
  return `${count} of ${total} ${total === 1 ? "gateway" : "gateways"}`;
}

/** Unhealthy (failed health checks) outranks cooling (circuit open), which outranks healthy. */
export function DeploymentHealthBadge({ view, slug }: { view: DeploymentHealthView; slug: string }) {
  if (view.gateways === 0) {
    return (
      <span data-testid="deployment-health" title="No gateway has sent a heartbeat in the last minute.">
        <Badge>No gateway reporting</Badge>
      </span>
    );
  }
  const health = view.bySlug.get(slug);
  if (!health || health.reporting === 0) {
    return (
      <span data-testid="deployment-health" title="The online gateways do not run this deployment yet (unpublished, or an older gateway).">
        <Badge>Not reported</Badge>
      </span>
    );
  }
  const { reporting, cooling, unhealthy, coolingUntil } = health;
  let badge = <Badge tone="success">Healthy{reporting > 1 ? ` on all ${reporting}` : ""}</Badge>;
  let title = `Routable on ${ofGateways(reporting, reporting)}.`;
  if (unhealthy > 0) {
    badge = <Badge tone="danger">Unhealthy on {ofGateways(unhealthy, reporting)}</Badge>;
    title = "Failing its background health check; the router skips it there.";
  } else if (cooling > 0) {
    badge = <Badge tone="warning">Cooling on {ofGateways(cooling, reporting)}</Badge>;
    title = `Skipped after repeated failures${coolingUntil ? ` until ${new Date(coolingUntil).toLocaleTimeString()}` : ""}, then probed.`;
  }
  return (
    <span data-testid="deployment-health" title={title}>
      {badge}
    </span>
  );
}
