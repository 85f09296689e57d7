import type { RedisBatcher } from "../redis/batch";
import type {
  AdmitInput,
  AdmitOutcome,
  AllowanceAsk,
  CacheWrite,
  CounterBackend,
  CounterFailure,
  SettleEntry,
  SettleOutcome,
} from "./backend";

function integer(value: unknown): number {
  return typeof value === "number" ? value : Number(value ?? 0);
}

/**
 * Limits, budgets and cache in Redis: an admit before the call, a settle (and cache write) after,
 * each one operation of the turn's batch script (redis/batch.ts, redis/scripts.ts).
 */
export class RedisBackend implements CounterBackend {
  readonly name = "redis";

  constructor(private readonly batcher: RedisBatcher) {}

  /**
   * `asks`, per counter: an allowance to charge on top of the amount if the counter has room for
   * it (limits/allowances.ts); the outcome then says what was granted.
   */
  async admit(input: AdmitInput, asks?: readonly AllowanceAsk[]): Promise<AdmitOutcome> {
    const { counters } = input;
    const first = counters[0]?.key ?? input.cacheKey ?? "";
    const keys = [input.cacheKey ?? first];
    let specs = "";
    counters.forEach((counter, index) => {
      keys.push(counter.key);
      const ask = asks?.[index];
      specs += `${counter.kind === "lease" ? "l" : "s"}:${counter.limit}:${counter.amount}:${Math.ceil(counter.ttlMs)}:${ask?.extra ?? 0}:${ask?.ceiling ?? 0};`;
    });
    const argv = [input.cacheKey !== undefined ? "1" : "0", input.nowMs, input.requestId, specs];
    const reply = (await this.batcher.run("a", keys, argv)) as unknown[];
    const status = integer(reply[0]);
    if (status === 2) return { type: "hit", value: String(reply[1]) };
    if (status === 1) {
      const values = reply.slice(1, 1 + counters.length).map(integer);
      return asks ? { type: "admitted", values, granted: reply.slice(1 + counters.length).map(integer) } : { type: "admitted", values };
    }
    const failures: CounterFailure[] = [];
    for (let index = 1; index + 2 < reply.length; index += 3) {
      failures.push({ index: integer(reply[index]) - 1, current: integer(reply[index + 1]), pttlMs: integer(reply[index + 2]) });
    }
    return { type: "rejected", failures };
  }

  async settle(requestId: string, entries: readonly SettleEntry[], cache?: CacheWrite): Promise<SettleOutcome> {
    // Both operations join the same batch (same turn, same hash tag): still one round trip.
    const written = cache ? this.batcher.run("c", [cache.key], [cache.value, Math.ceil(cache.ttlMs)]) : undefined;
    if (entries.length === 0) {
      await written;
      return { values: [], alerts: [] };
    }
    const keys: string[] = [];
    let specs = "";
    for (const entry of entries) {
      keys.push(entry.key);
      const soft = entry.kind === "sum" && entry.alertKey !== undefined ? entry.soft : -1;
      if (soft >= 0 && entry.alertKey !== undefined) keys.push(entry.alertKey);
      specs += `${entry.kind === "lease" ? "l" : "s"}:${entry.delta}:${soft}:${Math.ceil(entry.ttlMs)};`;
    }
    const [reply] = await Promise.all([this.batcher.run("s", keys, [requestId, specs]) as Promise<unknown[]>, written]);
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
