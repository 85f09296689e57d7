/**
 * What limits, budgets and the response cache need from a store. Two implementations: Redis (exact
 * across gateways, one round trip each way) and process memory (exact within one gateway: the
 * default without REDIS_URL and the fallback while Redis is unreachable).
 */

export type CounterKind = "sum" | "lease";

export interface CounterSpec {
  readonly key: string;
  readonly kind: CounterKind;
  /** Admit while current + amount <= limit. */
  readonly limit: number;
  readonly amount: number;
  readonly ttlMs: number;
  /** A budget's soft threshold: allowances stop short of it, so the settlement that crosses it is seen. */
  readonly soft?: number | undefined;
}

export interface AdmitInput {
  readonly requestId: string;
  readonly nowMs: number;
  readonly counters: readonly CounterSpec[];
  /** Looked up first; a hit charges nothing. */
  readonly cacheKey?: string;
  /** May sum counters be charged from this gateway's allowances (limits/allowances.ts)? Default no. */
  readonly allowances?: boolean;
}

/** An allowance a gateway asks for with an admit: at most `extra`, keeping the counter <= `ceiling`. */
export interface AllowanceAsk {
  readonly extra: number;
  readonly ceiling: number;
}

export interface CounterFailure {
  /** Index into `counters`. */
  readonly index: number;
  readonly current: number;
  /** Time to live of the counter (-1/-2 when it has none). */
  readonly pttlMs: number;
}

export type AdmitOutcome =
  | { readonly type: "hit"; readonly value: string }
  /**
   * Each counter's value after charging, in order (with allowances: what this gateway knows to be
   * used, its own unspent allowance left out); `granted`: the allowance charged per counter, when asked.
   */
  | { readonly type: "admitted"; readonly values: readonly number[]; readonly granted?: readonly number[] }
  | { readonly type: "rejected"; readonly failures: readonly CounterFailure[] };

export interface SettleEntry {
  readonly key: string;
  readonly kind: CounterKind;
  /** actual − reserved (sum); ignored for leases, which are released. */
  readonly delta: number;
  /** Alert once per window when the counter reaches this value; -1 for none. */
  readonly soft: number;
  readonly alertKey?: string;
  readonly ttlMs: number;
}

export interface SettleOutcome {
  /** Per entry: the counter after settling (-1: its window is gone). */
  readonly values: readonly number[];
  /** Per entry: this settlement is the one that crossed the soft threshold. */
  readonly alerts: readonly boolean[];
}

export interface CacheWrite {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
}

export interface CounterBackend {
  readonly name: "redis" | "memory";
  admit(input: AdmitInput): Promise<AdmitOutcome>;
  /** Settles counters and stores a cache entry in one round trip. */
  settle(requestId: string, entries: readonly SettleEntry[], cache?: CacheWrite): Promise<SettleOutcome>;
}
