import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { RuntimeDeployment } from "../config/runtime";
import type { GatewayRedis } from "../redis-connection";
import {
  type DeploymentLimiter,
  hasLimits,
  type LimitGrant,
  type LimitResult,
  leaseTtlMs,
  MemoryDeploymentLimiter,
  windowMs,
} from "./deployment-limits";

/**
 * The same sliding window as MemoryDeploymentLimiter, for every candidate in one script run:
 * the first deployment with room is charged and its 1-based index returned with the window.
 * KEYS: per candidate a counter hash and a parallel-lease zset. ARGV: tokens, lease id, then per
 * candidate rpm, tpm, maxParallel (0 = none) and lease ttl. Returns {index, window}; index 0 = none.
 */
const acquireLua = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local windowMs = ${windowMs}
local window = math.floor(now / windowMs)
local overlap = 1 - (now % windowMs) / windowMs
local tokens = tonumber(ARGV[1])
local lease = ARGV[2]
for i = 1, #KEYS / 2 do
  local counters = KEYS[2 * i - 1]
  local leases = KEYS[2 * i]
  local base = 2 + (i - 1) * 4
  local rpm = tonumber(ARGV[base + 1])
  local tpm = tonumber(ARGV[base + 2])
  local parallel = tonumber(ARGV[base + 3])
  local ttl = tonumber(ARGV[base + 4])
  if rpm == 0 and tpm == 0 and parallel == 0 then return {i, window} end
  local values = redis.call('HMGET', counters, 'w', 'r', 'pr', 't', 'pt')
  local w = tonumber(values[1]) or -1
  local r = tonumber(values[2]) or 0
  local pr = tonumber(values[3]) or 0
  local t = tonumber(values[4]) or 0
  local pt = tonumber(values[5]) or 0
  if w ~= window then
    if w == window - 1 then pr = r; pt = t else pr = 0; pt = 0 end
    r = 0
    t = 0
  end
  local room = true
  if rpm > 0 and pr * overlap + r + 1 > rpm then room = false end
  if room and tpm > 0 and pt * overlap + t + math.min(tokens, tpm) > tpm then room = false end
  if room and parallel > 0 then
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    if redis.call('ZCARD', leases) >= parallel then room = false end
  end
  if room then
    redis.call('HSET', counters, 'w', window, 'r', r + 1, 'pr', pr, 't', t + tokens, 'pt', pt)
    redis.call('PEXPIRE', counters, windowMs * 2 + 10000)
    if parallel > 0 then
      redis.call('ZADD', leases, now + ttl, lease)
      redis.call('PEXPIRE', leases, ttl + 10000)
    end
    return {i, window}
  end
end
return {0, windowMs - (now % windowMs)}
`;

/** Moves the token estimate to the actual count, in whichever window it was charged to. */
const adjustTokensLua = `
local w = tonumber(redis.call('HGET', KEYS[1], 'w') or '-1')
local window = tonumber(ARGV[1])
if w == window then redis.call('HINCRBY', KEYS[1], 't', ARGV[2])
elseif w == window + 1 then redis.call('HINCRBY', KEYS[1], 'pt', ARGV[2]) end
return 0
`;

interface LimitsRedis extends Redis {
  switchyardAcquireDeployment(...keysAndArgs: Array<string | number>): Promise<[number, number]>;
  switchyardAdjustTokens(counters: string, window: number, delta: number): Promise<number>;
}

/** Deployment limits shared by every gateway on one Redis; per-instance while Redis is down. */
export class RedisDeploymentLimiter implements DeploymentLimiter {
  private readonly client: LimitsRedis;
  private readonly fallback = new MemoryDeploymentLimiter();
  /** Grants taken from the fallback while Redis was down, released there too. */
  private readonly localGrants = new WeakSet<LimitGrant>();
  private warned = false;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.client = redis.client as LimitsRedis;
    if (typeof this.client.switchyardAcquireDeployment !== "function") {
      this.client.defineCommand("switchyardAcquireDeployment", { lua: acquireLua });
      this.client.defineCommand("switchyardAdjustTokens", { lua: adjustTokensLua, numberOfKeys: 1 });
    }
  }

  private countersKey(deployment: RuntimeDeployment): string {
    return `${this.redis.prefix}deployment:${deployment.id}:usage`;
  }

  private leasesKey(deployment: RuntimeDeployment): string {
    return `${this.redis.prefix}deployment:${deployment.id}:leases`;
  }

  async acquire(ordered: readonly RuntimeDeployment[], tokens: number, leaseId: string): Promise<LimitResult> {
    const keys: string[] = [];
    const args: Array<string | number> = [tokens, leaseId];
    for (const deployment of ordered) {
      keys.push(this.countersKey(deployment), this.leasesKey(deployment));
      const { rpm, tpm, maxParallel } = deployment.config;
      args.push(rpm ?? 0, tpm ?? 0, maxParallel ?? 0, leaseTtlMs(deployment));
    }
    try {
      const [index, value] = await this.client.switchyardAcquireDeployment(keys.length, ...keys, ...args);
      this.warned = false;
      if (index <= 0) return { ok: false, retryAfterMs: value };
      // An unlimited deployment was charged nothing.
      const charged = hasLimits(ordered[index - 1] as RuntimeDeployment) ? tokens : 0;
      return { ok: true, grant: { index: index - 1, window: value, tokens: charged } };
    } catch (error) {
      if (!this.warned) this.logger.warn({ err: (error as Error).message }, "deployment limits: redis unavailable, counting per instance");
      this.warned = true;
      const result = this.fallback.acquireNow(ordered, tokens);
      if (result.ok) this.localGrants.add(result.grant);
      return result;
    }
  }

  release(deployment: RuntimeDeployment, grant: LimitGrant, leaseId: string, actualTokens: number | undefined): void {
    if (!hasLimits(deployment)) return;
    if (this.localGrants.has(grant)) {
      this.fallback.release(deployment, grant, leaseId, actualTokens);
      return;
    }
    // Off the request's path: nobody waits for these.
    if (deployment.config.maxParallel !== undefined) this.client.zrem(this.leasesKey(deployment), leaseId).catch(() => {});
    if (actualTokens !== undefined && actualTokens !== grant.tokens) {
      this.client.switchyardAdjustTokens(this.countersKey(deployment), grant.window, actualTokens - grant.tokens).catch(() => {});
    }
  }
}
