import type { Redis } from "ioredis";
import type { AdmitInput, AdmitOutcome, CacheWrite, CounterBackend, CounterFailure, SettleEntry, SettleOutcome } from "./backend";
import "../redis/commands";

function integer(value: number | string | undefined): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/** Limits, budgets and cache in Redis: `switchyardAdmit` before the call, `switchyardSettle` (+ cache SET) after. */
export class RedisBackend implements CounterBackend {
  readonly name = "redis";

  constructor(private readonly client: Redis) {}

  async admit(input: AdmitInput): Promise<AdmitOutcome> {
    const { counters } = input;
    const first = counters[0]?.key ?? input.cacheKey ?? "";
    const cacheKey = input.cacheKey ?? first;
    const keys = [cacheKey, ...counters.map((counter) => counter.key)];
    const argv: Array<string | number> = [input.cacheKey !== undefined ? "1" : "0", input.nowMs, input.requestId];
    for (const counter of counters) argv.push(counter.kind, counter.limit, counter.amount, Math.ceil(counter.ttlMs));
    const reply = await this.client.switchyardAdmit(keys.length, ...keys, ...argv);
    const status = integer(reply[0]);
    if (status === 2) return { type: "hit", value: String(reply[1]) };
    if (status === 1) return { type: "admitted", values: reply.slice(1).map(integer) };
    const failures: CounterFailure[] = [];
    for (let index = 1; index + 2 < reply.length; index += 3) {
      failures.push({ index: integer(reply[index]) - 1, current: integer(reply[index + 1]), pttlMs: integer(reply[index + 2]) });
    }
    return { type: "rejected", failures };
  }

  async settle(requestId: string, entries: readonly SettleEntry[], cache?: CacheWrite): Promise<SettleOutcome> {
    const pipeline = this.client.pipeline();
    if (entries.length > 0) {
      const keys: string[] = [];
      const argv: Array<string | number> = [requestId];
      for (const entry of entries) {
        keys.push(entry.key);
        const soft = entry.kind === "sum" && entry.alertKey !== undefined ? entry.soft : -1;
        if (soft >= 0 && entry.alertKey !== undefined) keys.push(entry.alertKey);
        argv.push(entry.kind, entry.delta, soft, Math.ceil(entry.ttlMs));
      }
      pipeline.switchyardSettle(keys.length, ...keys, ...argv);
    }
    if (cache) pipeline.set(cache.key, cache.value, "PX", Math.ceil(cache.ttlMs));
    const results = (await pipeline.exec()) ?? [];
    for (const [error] of results) if (error) throw error;
    if (entries.length === 0) return { values: [], alerts: [] };
    const reply = (results[0]?.[1] ?? []) as number[];
    const values: number[] = [];
    const alerts: boolean[] = [];
    let cursor = 0;
    for (const entry of entries) {
      values.push(integer(reply[cursor++]));
      if (entry.kind === "sum" && entry.alertKey !== undefined && entry.soft >= 0) alerts.push(integer(reply[cursor++]) === 1);
      else alerts.push(false);
    }
    return { values, alerts };
  }
}
