import { Counter, Gauge, type Registry } from "prom-client";

/** Routing's own series, registered in the app's registry next to the request metrics. */
export interface RoutingMetrics {
  readonly attempts: Counter<"deployment" | "outcome">;
  readonly fallbacks: Counter<"model" | "to" | "kind">;
  readonly cooldowns: Counter<"deployment">;
  readonly streamFailures: Counter<"deployment" | "kind">;
  readonly healthy: Gauge<"deployment">;
}

export function createRoutingMetrics(registry: Registry): RoutingMetrics {
  return {
    attempts: new Counter({
      name: "switchyard_upstream_attempts_total",
      help: "Upstream attempts by deployment and outcome (success, or the error kind)",
      labelNames: ["deployment", "outcome"] as const,
      registers: [registry],
    }),
    fallbacks: new Counter({
      name: "switchyard_fallbacks_total",
      help: "Fallback models tried, by requested model, fallback model and kind",
      labelNames: ["model", "to", "kind"] as const,
      registers: [registry],
    }),
    cooldowns: new Counter({
      name: "switchyard_deployment_cooldowns_total",
      help: "Times a deployment was put into cooldown",
      labelNames: ["deployment"] as const,
      registers: [registry],
    }),
    streamFailures: new Counter({
      name: "switchyard_stream_failures_total",
      help: "Streams that broke after their first chunk reached the client (ended with an error event)",
      labelNames: ["deployment", "kind"] as const,
      registers: [registry],
    }),
    healthy: new Gauge({
      name: "switchyard_deployment_healthy",
      help: "1 when the deployment passes its background health check, 0 when not (only deployments with healthCheck)",
      labelNames: ["deployment"] as const,
      registers: [registry],
    }),
  };
}
