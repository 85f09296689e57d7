import type { FastifyBaseLogger as Logger } from "fastify";
import type { Redis } from "ioredis";
import { GatewayError } from "../../errors";
import { RedisBatcher } from "../redis/batch";
import { AllowanceBackend, defaultAllowanceOptions } from "./allowances";
import type { AdmitInput, AdmitOutcome, CacheWrite, CounterBackend, SettleEntry, SettleOutcome } from "./backend";
import { MemoryBackend } from "./memory-backend";
import { RedisBackend } from "./redis-backend";

export type FailMode = "open" | "closed";

export interface Admission {
  readonly outcome: AdmitOutcome;
  /** Where the reservation lives: settle it there. */
  readonly backend: CounterBackend;
}

export const countersUnavailable = () =>
  new GatewayError(503, "Rate limits cannot be checked right now (the shared counter store is unreachable). Retry shortly.", {
    code: "limits_unavailable",
    headers: { "retry-after": "1" },
  });

/**
 * Redis when it answers, this process's memory when it does not: fail-open keeps serving with
 * per-instance counters (limits then hold per gateway, not across them); fail-closed refuses
 * requests that have limits or budgets to check. ioredis reconnects on its own; every request
 * looks at the live status, so recovery needs nothing from us.
 */
export class CounterStore {
  readonly memory: MemoryBackend;
  private readonly redisBackend: AllowanceBackend | undefined;

  constructor(
    private readonly client: Redis | undefined,
    cacheEntries: number,
    private readonly logger: Logger,
    /** A Redis that stalls (not down, just slow) must not hold requests: past this, fall back. */
    timeoutMs = 1_000,
    private readonly onFallback: () => void = () => {},
    /** Told where each admission was decided (switchyard_limit_checks_total). */
    private readonly onCheck: (store: "allowance" | "redis" | "memory") => void = () => {},
  ) {
    this.memory = new MemoryBackend(cacheEntries);
    this.redisBackend = client
      ? new AllowanceBackend(new RedisBackend(new RedisBatcher(client, timeoutMs)), logger, defaultAllowanceOptions, onCheck)
      : undefined;
  }

  /** Gives this gateway's unspent allowances back to Redis (shutdown, before the Redis client closes). */
  async close(): Promise<void> {
    await this.redisBackend?.close();
  }

  get redisStatus(): "up" | "down" | "disabled" {
    if (!this.client) return "disabled";
    return this.client.status === "ready" ? "up" : "down";
  }

  async admit(input: AdmitInput, failMode: FailMode): Promise<Admission> {
    const redis = this.redisBackend;
    if (redis && this.client?.status === "ready") {
      try {
        // The batch rejects after timeoutMs: a Redis that stalls (not down, just slow) must not hold requests.
        return { outcome: await redis.admit(input), backend: redis };
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, "redis admit failed; falling back to per-instance counters");
      }
    }
    if (redis) {
      if (failMode === "closed" && input.counters.length > 0) throw countersUnavailable();
      this.onFallback();
    }
    this.onCheck("memory");
    return { outcome: this.memory.admitNow(input), backend: this.memory };
  }

  /** Where a cache entry goes when no reservation names a backend. */
  preferred(): CounterBackend {
    return this.redisBackend && this.client?.status === "ready" ? this.redisBackend : this.memory;
  }

  /** Off the response path: failures are logged, never thrown (an unsettled window only over-counts). */
  async settle(
    backend: CounterBackend,
    requestId: string,
    entries: readonly SettleEntry[],
    cache?: CacheWrite,
  ): Promise<SettleOutcome | undefined> {
    if (entries.length === 0 && !cache) return { values: [], alerts: [] };
    // A cache entry made while Redis was down stays in this instance.
    const target = backend.name === "redis" && this.client?.status !== "ready" && entries.length === 0 ? this.memory : backend;
    try {
      return await target.settle(requestId, entries, cache);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message, requestId }, "settling counters failed; the reservation expires with its window");
      if (cache && target !== this.memory) await this.memory.settle(requestId, [], cache);
      return undefined;
    }
  }
}
