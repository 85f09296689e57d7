/**
 * Per-instance facts about deployments for least-busy and latency routing: requests in flight
 * from this gateway and an exponentially weighted moving average of latency. Local on purpose:
 * they change on every request and a shared copy would cost a Redis round trip each time.
 */
interface Stats {
  inFlight: number;
  ewmaMs: number | undefined;
  sampledAt: number;
}

/** Weight of the newest sample. */
const alpha = 0.3;
/** An average this old is no longer trusted: the deployment is measured again (latency strategy explores it). */
const staleAfterMs = 60_000;

export class DeploymentStats {
  private readonly stats = new Map<string, Stats>();

  private entry(deploymentId: string): Stats {
    let stats = this.stats.get(deploymentId);
    if (!stats) {
      stats = { inFlight: 0, ewmaMs: undefined, sampledAt: 0 };
      this.stats.set(deploymentId, stats);
    }
    return stats;
  }

  inFlight(deploymentId: string): number {
    return this.stats.get(deploymentId)?.inFlight ?? 0;
  }

  started(deploymentId: string): void {
    this.entry(deploymentId).inFlight++;
  }

  finished(deploymentId: string): void {
    const stats = this.entry(deploymentId);
    stats.inFlight = Math.max(0, stats.inFlight - 1);
  }

  observeLatency(deploymentId: string, latencyMs: number, now: number = Date.now()): void {
    const stats = this.entry(deploymentId);
    const fresh = stats.ewmaMs !== undefined && now - stats.sampledAt <= staleAfterMs;
    stats.ewmaMs = fresh && stats.ewmaMs !== undefined ? alpha * latencyMs + (1 - alpha) * stats.ewmaMs : latencyMs;
    stats.sampledAt = now;
  }

  /** Undefined when never measured or stale. */
  latency(deploymentId: string, now: number = Date.now()): number | undefined {
    const stats = this.stats.get(deploymentId);
    if (!stats || stats.ewmaMs === undefined || now - stats.sampledAt > staleAfterMs) return undefined;
    return stats.ewmaMs;
  }

  /** Forget deployments no config uses any more. */
  retain(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.stats.keys()) if (!deploymentIds.has(id) && (this.stats.get(id)?.inFlight ?? 0) === 0) this.stats.delete(id);
  }
}
