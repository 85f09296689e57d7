import type { RuntimeConfig } from "../config/runtime";
import type { Router } from "./router";

/** One deployment as this gateway sees it, for the control plane's heartbeat. */
export interface DeploymentHealthReport {
  state: "healthy" | "cooling" | "unhealthy";
  /** ISO time the cooldown ends (cooling only). */
  cooldownUntil?: string;
  /** Requests in flight to it from this instance. */
  inFlight?: number;
}

/**
 * A read-only snapshot of every configured deployment's routing health: local memory only (no
 * Redis round trip), since it runs on every heartbeat. A failed health check wins over a cooldown;
 * a cooldown that has run out (waiting for its probe) reports healthy, as the router will try it.
 */
export function deploymentHealthSnapshot(
  runtime: RuntimeConfig | undefined,
  router: Router,
  now: number = Date.now(),
): Record<string, DeploymentHealthReport> {
  const report: Record<string, DeploymentHealthReport> = {};
  if (!runtime) return report;
  for (const model of runtime.models.values()) {
    for (const deployment of model.deployments) {
      if (report[deployment.id]) continue;
      const facts = router.deploymentFacts(deployment.id, now);
      const entry: DeploymentHealthReport = { state: "healthy" };
      if (!facts.healthy) entry.state = "unhealthy";
      else if (facts.cooldownRemainingMs > 0) {
        entry.state = "cooling";
        entry.cooldownUntil = new Date(now + facts.cooldownRemainingMs).toISOString();
      }
      if (facts.inFlight > 0) entry.inFlight = facts.inFlight;
      report[deployment.id] = entry;
    }
  }
  return report;
}
