import { Counter, Histogram, Registry } from "prom-client";

/** One registry per app, so several gateways in one test process never share counters. */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly requests: Counter<"model" | "status">;
  readonly latency: Histogram<"model">;
  readonly tokens: Counter<"model" | "kind">;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: "switchyard_requests_total",
    help: "Data-plane requests by model and HTTP status",
    labelNames: ["model", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "switchyard_request_duration_seconds",
    help: "Data-plane request latency (to the last byte) by model",
    labelNames: ["model"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const tokens = new Counter({
    name: "switchyard_tokens_total",
    help: "Tokens by model and kind (prompt, completion)",
    labelNames: ["model", "kind"] as const,
    registers: [registry],
  });
  return { registry, requests, latency, tokens };
}
