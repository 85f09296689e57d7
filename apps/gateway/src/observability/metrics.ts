import { Gauge, Registry } from "prom-client";
import type { ConfigMeta } from "../config/runtime";
import { FastCounter, FastGauge, FastHistogram } from "./fast-series";

/**
 * The gateway's Prometheus registry (one per app, so several gateways in one test process never
 * share counters) and the request-level series. Routing (routing/routing-metrics.ts) and
 * governance (governance/metrics.ts) register their own series in this same registry; the
 * families are listed in the README. Labels stay bounded: model, deployment, provider, route,
 * status, team come from the config; request ids and key hashes never become labels.
 */

/** Live facts read when /metrics is scraped rather than updated on the hot path. */
export interface MetricProbes {
  /** Cooldown state per deployment of the active config: 0 ok, 1 cooling down, 2 waiting for a probe. */
  cooldowns?: () => Iterable<readonly [deploymentId: string, state: number]>;
  /** Control-plane mode: whether the last config poll reached the control plane. */
  controlPlaneUp?: () => boolean;
  /** Spend events not yet delivered (control plane: unsealed + sealed spool segments; jsonl: not yet written). */
  spoolDepth?: () => number;
}

/** Per-request series take label values in the order of their label names (fast-series.ts). */
export interface GatewayMetrics {
  readonly registry: Registry;
  readonly probes: MetricProbes;
  /** route, model, deployment, provider, status */
  readonly requests: FastCounter;
  /** route, model, stream */
  readonly duration: FastHistogram;
  /** model, deployment */
  readonly timeToFirstToken: FastHistogram;
  /** route, stream */
  readonly overhead: FastHistogram;
  /** model, team, kind */
  readonly tokens: FastCounter;
  /** model */
  readonly retries: FastCounter;
  /** route */
  readonly inFlight: FastGauge;
  /** Records the config that was just swapped in (version, sha256, source as an info series). */
  configApplied(meta: ConfigMeta): void;
}

/** Seconds; the gateway's own work is sub-millisecond when healthy, so the low buckets are fine. */
const overheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const firstTokenBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const probes: MetricProbes = {};

  const configInfo = new Gauge({
    name: "switchyard_config_info",
    help: "The applied config (always 1): control-plane version, sha256 and source",
    labelNames: ["version", "sha256", "source"] as const,
    registers,
  });
  const configVersion = new Gauge({
    name: "switchyard_config_version",
    help: "Control-plane version number of the applied config (0 for files and programmatic configs)",
    registers,
  });
  const configAppliedAt = new Gauge({
    name: "switchyard_config_applied_timestamp_seconds",
    help: "Unix time the applied config was swapped in",
    registers,
  });

  new Gauge({
    name: "switchyard_deployment_cooldown_state",
    help: "Cooldown state per deployment: 0 in rotation, 1 cooling down, 2 cooldown over and waiting for a probe request",
    labelNames: ["deployment"] as const,
    registers,
    collect() {
      this.reset();
      for (const [deployment, state] of probes.cooldowns?.() ?? []) this.set({ deployment }, state);
    },
  });
  new Gauge({
    name: "switchyard_control_plane_up",
    help: "1 when the last config poll reached the control plane; 0 when it did not, or in standalone (file) mode",
    registers,
    collect() {
      this.set(probes.controlPlaneUp?.() ? 1 : 0);
    },
  });
  new Gauge({
    name: "switchyard_spend_spool_events",
    help: "Spend events written by this gateway and not yet delivered (control-plane sink: the disk spool; jsonl: not yet written)",
    registers,
    collect() {
      this.set(probes.spoolDepth?.() ?? 0);
    },
  });

  return {
    registry,
    probes,
    requests: new FastCounter(
      "switchyard_requests_total",
      "Data-plane requests by route, model, answering deployment and provider (none: nothing answered) and HTTP status",
      ["route", "model", "deployment", "provider", "status"],
      registry,
    ),
    duration: new FastHistogram(
      "switchyard_request_duration_seconds",
      "Data-plane request latency, to the last byte (streams: the whole stream)",
      ["route", "model", "stream"],
      latencyBuckets,
      registry,
    ),
    timeToFirstToken: new FastHistogram(
      "switchyard_time_to_first_token_seconds",
      "Streams: from the request's arrival to the first chunk being available to send",
      ["model", "deployment"],
      firstTokenBuckets,
      registry,
    ),
    overhead: new FastHistogram(
      "switchyard_gateway_overhead_seconds",
      "Time spent in the gateway excluding upstream calls and retry backoff, up to the response headers (x-switchyard-overhead-ms)",
      ["route", "stream"],
      overheadBuckets,
      registry,
    ),
    tokens: new FastCounter(
      "switchyard_tokens_total",
      "Tokens by model, team (none: keys without a team) and kind (prompt = input, completion = output)",
      ["model", "team", "kind"],
      registry,
    ),
    retries: new FastCounter(
      "switchyard_retries_total",
      "Upstream attempts beyond the first within a model (fallbacks are counted by switchyard_fallbacks_total)",
      ["model"],
      registry,
    ),
    inFlight: new FastGauge(
      "switchyard_requests_in_flight",
      "Data-plane requests being served (streams count until they end)",
      ["route"],
      registry,
    ),
    configApplied(meta) {
      configInfo.reset();
      configInfo.set({ version: String(meta.version ?? ""), sha256: meta.sha256 ?? "", source: meta.source }, 1);
      configVersion.set(meta.version ?? 0);
      configAppliedAt.set(Date.now() / 1000);
    },
  };
}
