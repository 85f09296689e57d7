import type { RuntimeDeployment } from "../config/runtime";

/**
 * A deployment's own limits (rpm, tpm, maxParallel), enforced by the router so that it routes
 * elsewhere before the provider answers 429. rpm/tpm use a sliding-window counter (the previous
 * minute weighted by how much of it still overlaps the last 60 s, plus the current minute):
 * O(1) state, no burst of twice the limit at a minute boundary.
 */

export const windowMs = 60_000;

export interface LimitGrant {
  /** Index of the deployment granted in the list given to `acquire`. */
  readonly index: number;
  /** The minute window charged, for the token correction at release. */
  readonly window: number;
  readonly tokens: number;
}

export type LimitResult = { readonly ok: true; readonly grant: LimitGrant } | { readonly ok: false; readonly retryAfterMs: number };

export interface DeploymentLimiter {
  /**
   * Takes one request (and `tokens` estimated tokens, and a parallel slot) from the first
   * deployment in `ordered` that has room. One call, one Redis round trip when shared.
   */
  acquire(ordered: readonly RuntimeDeployment[], tokens: number, leaseId: string): Promise<LimitResult>;
  /** The request ended: frees its parallel slot and corrects the token estimate with what was used. */
  release(deployment: RuntimeDeployment, grant: LimitGrant, leaseId: string, actualTokens: number | undefined): void;
}

export function hasLimits(deployment: RuntimeDeployment): boolean {
  const config = deployment.config;
  return config.rpm !== undefined || config.tpm !== undefined || config.maxParallel !== undefined;
}

/** How long a parallel slot is held at most if its release is lost (a crashed instance). */
export function leaseTtlMs(deployment: RuntimeDeployment): number {
  return deployment.timeoutMs * 2 + 10_000;
}

interface Counters {
  window: number;
  requests: number;
  previousRequests: number;
  tokens: number;
  previousTokens: number;
  parallel: number;
}

/** Per-process limits: REDIS_URL unset, or Redis unreachable. */
export class MemoryDeploymentLimiter implements DeploymentLimiter {
  private readonly counters = new Map<string, Counters>();

  private countersOf(deploymentId: string, window: number): Counters {
    let counters = this.counters.get(deploymentId);
    if (!counters) {
      counters = { window, requests: 0, previousRequests: 0, tokens: 0, previousTokens: 0, parallel: 0 };
      this.counters.set(deploymentId, counters);
    } else if (counters.window !== window) {
      const adjacent = counters.window === window - 1;
      counters.previousRequests = adjacent ? counters.requests : 0;
      counters.previousTokens = adjacent ? counters.tokens : 0;
      counters.requests = 0;
      counters.tokens = 0;
      counters.window = window;
    }
    return counters;
  }

  async acquire(ordered: readonly RuntimeDeployment[], tokens: number): Promise<LimitResult> {
    return this.acquireNow(ordered, tokens);
  }

  acquireNow(ordered: readonly RuntimeDeployment[], tokens: number, now: number = Date.now()): LimitResult {
    const window = Math.floor(now / windowMs);
    const overlap = 1 - (now % windowMs) / windowMs;
    for (let index = 0; index < ordered.length; index++) {
      const deployment = ordered[index] as RuntimeDeployment;
      const { rpm, tpm, maxParallel } = deployment.config;
      if (rpm === undefined && tpm === undefined && maxParallel === undefined) return { ok: true, grant: { index, window, tokens: 0 } };
      const counters = this.countersOf(deployment.id, window);
      if (rpm !== undefined && counters.previousRequests * overlap + counters.requests + 1 > rpm) continue;
      // A request larger than the whole tpm still goes through an empty window, or it never would.
      if (tpm !== undefined && counters.previousTokens * overlap + counters.tokens + Math.min(tokens, tpm) > tpm) continue;
      if (maxParallel !== undefined && counters.parallel >= maxParallel) continue;
      counters.requests++;
      counters.tokens += tokens;
      counters.parallel++;
      return { ok: true, grant: { index, window, tokens } };
    }
    return { ok: false, retryAfterMs: windowMs - (now % windowMs) };
  }

  release(deployment: RuntimeDeployment, grant: LimitGrant, _leaseId: string, actualTokens: number | undefined): void {
    const counters = this.counters.get(deployment.id);
    if (!counters) return;
    counters.parallel = Math.max(0, counters.parallel - 1);
    if (actualTokens === undefined) return;
    const delta = actualTokens - grant.tokens;
    if (counters.window === grant.window) counters.tokens = Math.max(0, counters.tokens + delta);
    else if (counters.window === grant.window + 1) counters.previousTokens = Math.max(0, counters.previousTokens + delta);
  }
}
