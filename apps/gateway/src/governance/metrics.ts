import { Counter, Gauge, type Registry } from "prom-client";
import { FastCounter } from "../observability/fast-series";

/** Governance series, registered in the app's own registry (one per gateway, so tests never share). */
export interface GovernanceMetrics {
  readonly redisUp: Gauge;
  readonly limitRejections: Counter<"principal" | "limit">;
  readonly budgetAlerts: Counter<"principal">;
  /** Per-request series (fast-series.ts): label values in the order [guardrail, type, action]. */
  readonly guardrailActions: FastCounter;
  /** [result] */
  readonly cache: FastCounter;
  /** [model] */
  readonly costUsd: FastCounter;
  /** [outcome] */
  readonly spendEvents: FastCounter;
  readonly deliveryFailures: Counter;
  readonly fallbacks: Counter;
  /** [store]: where each limits-and-budgets check was decided (allowance, redis, memory). */
  readonly limitChecks: FastCounter;
}

export function createGovernanceMetrics(registry: Registry): GovernanceMetrics {
  const registers = [registry];
  return {
    redisUp: new Gauge({
      name: "switchyard_redis_up",
      help: "1 when the shared counter store (Redis) answers, 0 when limits are per-instance",
      registers,
    }),
    limitRejections: new Counter({
      name: "switchyard_limit_rejections_total",
      help: "Requests refused by a limit or budget, by principal kind and limit (rpm, tpm, parallel, budget)",
      labelNames: ["principal", "limit"] as const,
      registers,
    }),
    budgetAlerts: new Counter({
      name: "switchyard_budget_alerts_total",
      help: "budget-threshold-reached alerts (soft limit crossed), by principal kind",
      labelNames: ["principal"] as const,
      registers,
    }),
    guardrailActions: new FastCounter(
      "switchyard_guardrail_actions_total",
      "Guardrail actions (masked, blocked, flagged, capped, restored) by guardrail id and type",
      ["guardrail", "type", "action"],
      registry,
    ),
    cache: new FastCounter("switchyard_cache_requests_total", "Response cache lookups: hit, miss, bypass", ["result"], registry),
    costUsd: new FastCounter(
      "switchyard_cost_usd_total",
      "Metered cost in USD by model (exact values are in spend events)",
      ["model"],
      registry,
    ),
    spendEvents: new FastCounter(
      "switchyard_spend_events_total",
      "Spend events by outcome (queued: written to the sink; delivered: acknowledged by the control plane)",
      ["outcome"],
      registry,
    ),
    deliveryFailures: new Counter({
      name: "switchyard_spend_delivery_failures_total",
      help: "Failed attempts to deliver a spool segment to the control plane (retried; nothing is dropped)",
      registers,
    }),
    fallbacks: new Counter({
      name: "switchyard_limit_fallbacks_total",
      help: "Admissions decided by per-instance counters because Redis was unavailable",
      registers,
    }),
    limitChecks: new FastCounter(
      "switchyard_limit_checks_total",
      "Limit and budget checks by where they were decided: allowance (this gateway's, no round trip), redis, memory",
      ["store"],
      registry,
    ),
  };
}
