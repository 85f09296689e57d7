/**
 * Cooldowns: a deployment that fails `allowedFailures` times within `failureWindowMs` is skipped
 * for `cooldownMs`; after that one probe request may try it (the others still skip it). A
 * successful probe closes the breaker, a failed one cools the deployment down again.
 */

/** ok: route to it; cooling: skip; probe: cooldown over, the next request to claim the probe may try it. */
export type CooldownState = "ok" | "cooling" | "probe";

export interface CooldownPolicy {
  readonly allowedFailures: number;
  readonly failureWindowMs: number;
  readonly cooldownMs: number;
}

export interface FailureOptions {
  /** Cool down now for this long, whatever the count (a 429's retry-after, a failed probe). */
  readonly immediateMs?: number;
}

export interface Cooldowns {
  /** From local memory only: this is on every request's path. */
  state(deploymentId: string, now?: number): CooldownState;
  /** Milliseconds until the deployment's cooldown ends (0 when not cooling). */
  remainingMs(deploymentId: string, now?: number): number;
  /** True for exactly one caller per probe period (across instances when shared). */
  claimProbe(deploymentId: string, ttlMs: number): Promise<boolean>;
  /** Resolves with the cooldown this failure started (ms), or 0. */
  recordFailure(deploymentId: string, policy: CooldownPolicy, options?: FailureOptions): Promise<number>;
  /** Closes the breaker of a cooling or probed deployment; a no-op (no I/O) for healthy ones. */
  recordSuccess(deploymentId: string): void;
  close(): Promise<void>;
}

/** One process's cooldown state; also the local cache behind the Redis-shared implementation. */
export class MemoryCooldowns implements Cooldowns {
  /** Cooldown end (epoch ms). An entry in the past means "probe". */
  private readonly until = new Map<string, number>();
  private readonly failures = new Map<string, { count: number; windowEndsAt: number }>();
  private readonly probes = new Map<string, number>();

  state(deploymentId: string, now: number = Date.now()): CooldownState {
    const until = this.until.get(deploymentId);
    if (until === undefined) return "ok";
    return until > now ? "cooling" : "probe";
  }

  remainingMs(deploymentId: string, now: number = Date.now()): number {
    const until = this.until.get(deploymentId);
    return until === undefined ? 0 : Math.max(0, until - now);
  }

  async claimProbe(deploymentId: string, ttlMs: number): Promise<boolean> {
    return this.claimProbeNow(deploymentId, ttlMs);
  }

  claimProbeNow(deploymentId: string, ttlMs: number, now: number = Date.now()): boolean {
    const heldUntil = this.probes.get(deploymentId);
    if (heldUntil !== undefined && heldUntil > now) return false;
    this.probes.set(deploymentId, now + ttlMs);
    return true;
  }

  async recordFailure(deploymentId: string, policy: CooldownPolicy, options: FailureOptions = {}): Promise<number> {
    return this.countFailure(deploymentId, policy, options);
  }

  /** Returns the cooldown length started, or 0. */
  countFailure(deploymentId: string, policy: CooldownPolicy, options: FailureOptions = {}, now: number = Date.now()): number {
    if (options.immediateMs !== undefined) {
      this.coolDown(deploymentId, options.immediateMs, now);
      return options.immediateMs;
    }
    let failures = this.failures.get(deploymentId);
    if (!failures || failures.windowEndsAt <= now) {
      failures = { count: 0, windowEndsAt: now + policy.failureWindowMs };
      this.failures.set(deploymentId, failures);
    }
    failures.count++;
    if (failures.count < policy.allowedFailures) return 0;
    this.coolDown(deploymentId, policy.cooldownMs, now);
    return policy.cooldownMs;
  }

  /** Never shortens a longer cooldown already running. */
  coolDown(deploymentId: string, ms: number, now: number = Date.now()): void {
    const until = now + ms;
    const current = this.until.get(deploymentId);
    if (current === undefined || current < until) this.until.set(deploymentId, until);
    this.failures.delete(deploymentId);
    this.probes.delete(deploymentId);
  }

  recordSuccess(deploymentId: string): void {
    this.clear(deploymentId);
  }

  /** True when there was something to clear. */
  clear(deploymentId: string): boolean {
    const had = this.until.delete(deploymentId);
    this.probes.delete(deploymentId);
    return had;
  }

  /** Adopts a cooldown another instance announced (or an explicit clear when ms is 0). */
  adopt(deploymentId: string, untilMs: number): void {
    if (untilMs <= 0) this.clear(deploymentId);
    else {
      this.until.set(deploymentId, untilMs);
      this.probes.delete(deploymentId);
    }
  }

  async close(): Promise<void> {}
}
