import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { ConfigEvents } from "../services/config/config-events";

/**
 * The control plane's Prometheus series (GET /metrics): spend ingestion (lag, events,
 * duplicates), config publishing (publishes, long-poll waiters) and what gateways report about
 * their spend spools in heartbeats. One registry per app, so tests never share counters.
 */
export interface ControlPlaneMetrics {
  readonly registry: Registry;
  /** An acknowledged spend batch: its events' lag and how many were new. */
  spendIngested(timestamps: readonly string[], accepted: number, duplicates: number, nowMs?: number): void;
  spendRejected(reason: "invalid" | "error"): void;
  /** A gateway's heartbeat: remembers its reported spool depth (health.spend.depth), if any. */
  heartbeat(instanceId: string, health: Record<string, unknown>, nowMs?: number): void;
}

/** A gateway silent this long (3 missed default heartbeats and then some) drops out of the spool gauge. */
const staleAfterMs = 60_000;

function spoolDepth(health: Record<string, unknown>): number | undefined {
  const spend = health.spend;
  if (typeof spend !== "object" || spend === null) return undefined;
  const depth = (spend as Record<string, unknown>).depth;
  return typeof depth === "number" && Number.isFinite(depth) && depth >= 0 ? depth : undefined;
}

export function createControlPlaneMetrics(events: ConfigEvents): ControlPlaneMetrics {
  const registry = new Registry();
  const registers = [registry];
  const lag = new Histogram({
    name: "switchyard_spend_ingest_lag_seconds",
    help: "Delay from a spend event's request start (its timestamp) to its batch being stored, per event of each acknowledged batch",
    buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21_600, 86_400],
    registers,
  });
  const ingested = new Counter({
    name: "switchyard_spend_ingested_events_total",
    help: "Spend events stored (new requestIds)",
    registers,
  });
  const duplicates = new Counter({
    name: "switchyard_spend_duplicate_events_total",
    help: "Spend events received again for a requestId already stored (gateway resends; ignored)",
    registers,
  });
  const batches = new Counter({
    name: "switchyard_spend_batches_total",
    help: "POST /dataplane/spend batches by outcome: stored, invalid (400, set aside by the gateway), error (5xx, retried)",
    labelNames: ["outcome"] as const,
    registers,
  });
  new Counter({
    name: "switchyard_config_publish_events_total",
    help: "Config versions this control-plane instance published (each wakes the long-polling gateways)",
    registers,
    collect() {
      this.reset();
      this.inc(events.publishedLocally);
    },
  });
  new Counter({
    name: "switchyard_config_nudges_received_total",
    help: "config-published nudges received through Redis pub/sub (from any instance, this one included)",
    registers,
    collect() {
      this.reset();
      this.inc(events.nudgesReceived);
    },
  });
  new Gauge({
    name: "switchyard_config_long_poll_waiters",
    help: "Gateways waiting in a GET /dataplane/config long-poll right now",
    registers,
    collect() {
      this.set(events.waiters);
    },
  });

  const spools = new Map<string, { depth: number; seenAtMs: number }>();
  new Gauge({
    name: "switchyard_gateway_spend_spool_events",
    help: "Spend events waiting in a gateway's spool, as its last heartbeat reported (gateways silent for 60 s are dropped)",
    labelNames: ["instance"] as const,
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const [instance, spool] of spools) {
        if (now - spool.seenAtMs > staleAfterMs) spools.delete(instance);
        else this.set({ instance }, spool.depth);
      }
    },
  });

  return {
    registry,
    spendIngested(timestamps, accepted, duplicated, nowMs = Date.now()) {
      batches.inc({ outcome: "stored" });
      ingested.inc(accepted);
      duplicates.inc(duplicated);
      for (const timestamp of timestamps) {
        const at = Date.parse(timestamp);
        if (Number.isFinite(at)) lag.observe(Math.max(0, nowMs - at) / 1000);
      }
    },
    spendRejected(reason) {
      batches.inc({ outcome: reason });
    },
    heartbeat(instanceId, health, nowMs = Date.now()) {
      const depth = spoolDepth(health);
      if (depth === undefined) spools.delete(instanceId);
      else spools.set(instanceId, { depth, seenAtMs: nowMs });
    },
  };
}
