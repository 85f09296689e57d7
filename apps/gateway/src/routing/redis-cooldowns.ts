import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { GatewayRedis } from "../redis-connection";
import { type CooldownPolicy, type CooldownState, type Cooldowns, type FailureOptions, MemoryCooldowns } from "./cooldowns";

/**
 * Counts a failure and, past the limit (or at once), cools the deployment down and announces it.
 * Redis TIME keeps every instance on one clock. A running longer cooldown is never shortened.
 * KEYS: failure counter, until-hash, probe key. ARGV: id, allowedFailures, windowMs, cooldownMs,
 * immediateMs (-1: count), channel. Returns the cooldown length started (ms), or 0.
 */
const recordFailureLua = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ms = tonumber(ARGV[5])
if ms < 0 then
  local count = redis.call('INCR', KEYS[1])
  if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
  if count < tonumber(ARGV[2]) then return 0 end
  ms = tonumber(ARGV[4])
end
local untilMs = now + ms
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if current > untilMs then
  untilMs = current
  ms = current - now
end
redis.call('HSET', KEYS[2], ARGV[1], untilMs)
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('PUBLISH', ARGV[6], ARGV[1] .. ' ' .. ms)
return ms
`;

interface CooldownRedis extends Redis {
  switchyardRecordFailure(
    failures: string,
    untilHash: string,
    probe: string,
    id: string,
    allowedFailures: number,
    windowMs: number,
    cooldownMs: number,
    immediateMs: number,
    channel: string,
  ): Promise<number>;
}

/**
 * Cooldowns shared by every gateway on one Redis. Reads never leave the process: each instance
 * keeps the cooldown table in memory, loaded at subscribe time and kept current by pub/sub
 * messages (`<id> <ms>`, 0 = cleared). Writes (failures, probes, clears) go to Redis; while
 * Redis is unreachable the instance counts on its own.
 */
export class RedisCooldowns implements Cooldowns {
  private readonly local = new MemoryCooldowns();
  private readonly client: CooldownRedis;
  private readonly subscriber: Redis;
  private readonly hash: string;
  private readonly channel: string;
  private readonly ready: Promise<void>;

  constructor(
    private readonly redis: GatewayRedis,
    private readonly logger: FastifyBaseLogger,
  ) {
    this.client = redis.client as CooldownRedis;
    if (typeof this.client.switchyardRecordFailure !== "function") {
      this.client.defineCommand("switchyardRecordFailure", { lua: recordFailureLua, numberOfKeys: 3 });
    }
    this.hash = `${redis.prefix}cooldown:until`;
    this.channel = `${redis.prefix}cooldown`;
    this.subscriber = redis.subscriber();
    this.subscriber.on("message", (channel: string, message: string) => {
      if (channel === this.channel) this.onMessage(message);
    });
    // After a reconnect, messages sent meanwhile are lost: reload the table.
    this.subscriber.on("ready", () => void this.load());
    this.ready = this.subscriber.subscribe(this.channel).then(
      () => this.load(),
      (error: unknown) => this.logger.warn({ err: (error as Error).message }, "cooldown subscription failed"),
    );
  }

  /** Resolves once the subscription is live and the table loaded (tests wait on it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private onMessage(message: string): void {
    const space = message.lastIndexOf(" ");
    const id = message.slice(0, space);
    const ms = Number(message.slice(space + 1));
    if (id === "" || !Number.isFinite(ms)) return;
    this.local.adopt(id, ms > 0 ? Date.now() + ms : 0);
  }

  private async load(): Promise<void> {
    try {
      const results = await this.client.multi().hgetall(this.hash).time().exec();
      const table = results?.[0]?.[1] as Record<string, string> | undefined;
      const time = results?.[1]?.[1] as [string, string] | undefined;
      if (!table || !time) return;
      const skew = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000) - Date.now();
      for (const [id, until] of Object.entries(table)) this.local.adopt(id, Number(until) - skew);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "cannot load shared cooldowns");
    }
  }

  state(deploymentId: string, now?: number): CooldownState {
    return this.local.state(deploymentId, now);
  }

  remainingMs(deploymentId: string, now?: number): number {
    return this.local.remainingMs(deploymentId, now);
  }

  async claimProbe(deploymentId: string, ttlMs: number): Promise<boolean> {
    try {
      const claimed = await this.client.set(`${this.redis.prefix}cooldown:probe:${deploymentId}`, "1", "PX", Math.max(1, ttlMs), "NX");
      return claimed === "OK";
    } catch {
      return this.local.claimProbeNow(deploymentId, ttlMs);
    }
  }

  async recordFailure(deploymentId: string, policy: CooldownPolicy, options: FailureOptions = {}): Promise<number> {
    const prefix = this.redis.prefix;
    try {
      const ms = await this.client.switchyardRecordFailure(
        `${prefix}cooldown:failures:${deploymentId}`,
        this.hash,
        `${prefix}cooldown:probe:${deploymentId}`,
        deploymentId,
        policy.allowedFailures,
        Math.max(1, Math.round(policy.failureWindowMs)),
        Math.round(policy.cooldownMs),
        options.immediateMs === undefined ? -1 : Math.round(options.immediateMs),
        this.channel,
      );
      // Apply at once; the pub/sub echo of our own message carries the same value.
      if (ms > 0) this.local.coolDown(deploymentId, ms);
      return ms;
    } catch {
      return this.local.countFailure(deploymentId, policy, options);
    }
  }

  recordSuccess(deploymentId: string): void {
    if (this.local.state(deploymentId) === "ok") return;
    this.local.clear(deploymentId);
    const prefix = this.redis.prefix;
    this.client
      .multi()
      .hdel(this.hash, deploymentId)
      .del(`${prefix}cooldown:probe:${deploymentId}`)
      .publish(this.channel, `${deploymentId} 0`)
      .exec()
      .catch(() => {});
  }

  async close(): Promise<void> {
    // The connections themselves belong to GatewayRedis, closed with the app; a subscription still
    // waiting for an unreachable Redis must not hold the shutdown up.
  }
}
