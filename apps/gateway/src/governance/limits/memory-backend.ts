import { LruCache } from "../cache/lru";
import type { AdmitInput, AdmitOutcome, CacheWrite, CounterBackend, CounterFailure, SettleEntry, SettleOutcome } from "./backend";

interface Counter {
  value: number;
  expiresAtMs: number;
}

/**
 * The same semantics as the Redis scripts, in this process: exact for one gateway. Used without
 * REDIS_URL, and as the per-instance fallback while Redis is down (fail-open).
 */
export class MemoryBackend implements CounterBackend {
  readonly name = "memory";
  private readonly sums = new Map<string, Counter>();
  private readonly leases = new Map<string, Map<string, number>>();
  private readonly cache: LruCache<string>;
  private sweptAtMs = 0;

  constructor(
    cacheEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    this.cache = new LruCache(cacheEntries);
  }

  async admit(input: AdmitInput): Promise<AdmitOutcome> {
    return this.admitNow(input);
  }

  admitNow(input: AdmitInput): AdmitOutcome {
    const nowMs = input.nowMs;
    this.sweep(nowMs);
    if (input.cacheKey !== undefined) {
      const cached = this.cache.get(input.cacheKey, nowMs);
      if (cached !== undefined) return { type: "hit", value: cached };
    }
    const current = input.counters.map((counter) => this.current(counter.key, counter.kind, nowMs));
    const failures: CounterFailure[] = [];
    input.counters.forEach((counter, index) => {
      const value = current[index] ?? 0;
      if (value + counter.amount > counter.limit) {
        const expires = counter.kind === "sum" ? this.sums.get(counter.key)?.expiresAtMs : undefined;
        failures.push({ index, current: value, pttlMs: expires !== undefined ? expires - nowMs : -2 });
      }
    });
    if (failures.length > 0) return { type: "rejected", failures };
    const values = input.counters.map((counter, index) => {
      if (counter.kind === "lease") {
        let set = this.leases.get(counter.key);
        if (!set) {
          set = new Map();
          this.leases.set(counter.key, set);
        }
        set.set(input.requestId, nowMs + counter.ttlMs);
        return (current[index] ?? 0) + 1;
      }
      const existing = this.sums.get(counter.key);
      if (existing && existing.expiresAtMs > nowMs) {
        existing.value += counter.amount;
        return existing.value;
      }
      this.sums.set(counter.key, { value: counter.amount, expiresAtMs: nowMs + counter.ttlMs });
      return counter.amount;
    });
    return { type: "admitted", values };
  }

  async settle(requestId: string, entries: readonly SettleEntry[], cache?: CacheWrite): Promise<SettleOutcome> {
    const nowMs = this.now();
    const values: number[] = [];
    const alerts: boolean[] = [];
    for (const entry of entries) {
      if (entry.kind === "lease") {
        this.leases.get(entry.key)?.delete(requestId);
        values.push(0);
        alerts.push(false);
        continue;
      }
      const counter = this.sums.get(entry.key);
      let value = -1;
      if (counter && counter.expiresAtMs > nowMs) {
        counter.value = Math.max(0, counter.value + entry.delta);
        value = counter.value;
      }
      values.push(value);
      let fired = false;
      if (entry.soft >= 0 && entry.alertKey !== undefined && value >= entry.soft && !this.sums.has(entry.alertKey)) {
        this.sums.set(entry.alertKey, { value: 1, expiresAtMs: nowMs + entry.ttlMs });
        fired = true;
      }
      alerts.push(fired);
    }
    if (cache) this.cache.set(cache.key, cache.value, cache.ttlMs, nowMs);
    return { values, alerts };
  }

  private current(key: string, kind: "sum" | "lease", nowMs: number): number {
    if (kind === "lease") {
      const set = this.leases.get(key);
      if (!set) return 0;
      for (const [id, expiresAtMs] of set) if (expiresAtMs <= nowMs) set.delete(id);
      return set.size;
    }
    const counter = this.sums.get(key);
    return counter && counter.expiresAtMs > nowMs ? counter.value : 0;
  }

  /** Drops expired windows now and then, so old minute counters do not pile up. */
  private sweep(nowMs: number): void {
    if (nowMs - this.sweptAtMs < 10_000) return;
    this.sweptAtMs = nowMs;
    for (const [key, counter] of this.sums) if (counter.expiresAtMs <= nowMs) this.sums.delete(key);
    for (const [key, set] of this.leases) if (set.size === 0) this.leases.delete(key);
  }
}
