import type { FastifyBaseLogger as Logger } from "fastify";
import type {
  AdmitInput,
  AdmitOutcome,
  AllowanceAsk,
  CacheWrite,
  CounterBackend,
  CounterSpec,
  SettleEntry,
  SettleOutcome,
} from "./backend";
import type { RedisBackend } from "./redis-backend";

export interface AllowanceOptions {
  /** An allowance this gateway has not drawn on for this long goes back to Redis. */
  readonly idleMs: number;
  /** Two asks for one counter closer together than this: the allowance was too small, double it. */
  readonly growMs: number;
  /** Further apart than this: halve it. */
  readonly shrinkMs: number;
  /** Only a limit that fits at least this many requests of the current one's size gets allowances. */
  readonly minRequests: number;
}

export const defaultAllowanceOptions: AllowanceOptions = { idleMs: 500, growMs: 250, shrinkMs: 1_000, minRequests: 256 };

/** One counter's allowance in this gateway: units charged in Redis that it may still spend. */
class Allowance {
  available = 0;
  /** The Redis counter as of this gateway's last exchange about it (includes every unspent allowance). */
  counted = 0;
  /** What the next ask asks for. */
  size = 0;
  askedAtMs = Number.NEGATIVE_INFINITY;
  usedAtMs: number;
  /** An ask is on its way: others do not ask too, or one turn's requests would each take an allowance. */
  asking = false;

  constructor(
    readonly key: string,
    readonly ttlMs: number,
    nowMs: number,
  ) {
    this.usedAtMs = nowMs;
  }

  /** Used as far as this gateway knows: its own unspent allowance is not. */
  get used(): number {
    return Math.max(0, this.counted - this.available);
  }
}

/**
 * Limits and budgets without a Redis round trip for most requests of a busy principal, still never
 * admitting past a limit across gateways. When a gateway sees one principal's requests come fast,
 * its admits ask Redis, in the same atomic script, to charge an allowance on top of the request
 * (redis/scripts.ts): a slice of the counter this gateway then spends locally, request by request,
 * until it runs out and asks again. Every unit a gateway admits was charged in Redis first, so N
 * gateways together still admit at most the limit.
 *
 * The price is the other way: units one gateway holds are not available to another. That is kept
 * small: an allowance is at most 1/16 of what the limit has left, none is granted once a counter
 * passes half its limit (or a budget's soft threshold), a gateway that stops drawing on one gives
 * it back after `idleMs`, and a limit that fits fewer than `minRequests` requests never gets one
 * (it is checked in Redis request by request, exactly as without allowances). Its size follows
 * demand: it doubles while asks come within `growMs` of each other and halves after `shrinkMs`.
 *
 * Settlements (actual − reserved) of a counter this gateway holds an allowance for go into the
 * allowance when they can, with no round trip; the rest goes to Redis as before.
 */
export class AllowanceBackend implements CounterBackend {
  readonly name = "redis";
  private readonly allowances = new Map<string, Allowance>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisBackend,
    private readonly logger: Logger,
    private readonly options: AllowanceOptions = defaultAllowanceOptions,
    /** Told where each admission was decided. */
    private readonly onCheck: (store: "allowance" | "redis") => void = () => {},
  ) {
    this.timer = setInterval(() => this.returnIdle(), Math.max(10, options.idleMs / 2));
    this.timer.unref();
  }

  async admit(input: AdmitInput): Promise<AdmitOutcome> {
    if (input.allowances !== true) {
      this.onCheck("redis");
      return this.redis.admit(input);
    }
    const { counters, nowMs } = input;
    /** Per counter: the allowance it drew on and how much (all of its amount, or all the allowance had). */
    const taken: Array<{ readonly allowance: Allowance; readonly amount: number } | undefined> = [];
    const remote: number[] = [];
    /** What Redis is asked to charge: the rest of the amount where an allowance paid part of it. */
    const remoteCounters: CounterSpec[] = [];
    counters.forEach((counter, index) => {
      const allowance = counter.kind === "sum" ? this.allowances.get(counter.key) : undefined;
      // available > 0: a counter already past its limit (a settlement overshot it) still refuses even a request that costs 0.
      if (allowance === undefined || allowance.available <= 0) {
        remote.push(index);
        remoteCounters.push(counter);
        return;
      }
      const amount = Math.min(allowance.available, counter.amount);
      allowance.available -= amount;
      allowance.usedAtMs = nowMs;
      taken[index] = { allowance, amount };
      if (amount < counter.amount) {
        // Held units pay what they can: otherwise a request a little larger than them would be refused while they sit unused.
        remote.push(index);
        remoteCounters.push({ ...counter, amount: counter.amount - amount });
      }
    });
    if (remote.length === 0 && input.cacheKey === undefined) {
      this.onCheck("allowance");
      return { type: "admitted", values: counters.map((_, index) => taken[index]?.allowance.used ?? 0) };
    }
    this.onCheck("redis");

    const asks = remote.map((index) => this.ask(counters[index] as CounterSpec, nowMs));
    let outcome: AdmitOutcome;
    try {
      outcome = await this.redis.admit({ ...input, counters: remoteCounters }, asks);
    } catch (error) {
      this.giveBack(taken);
      throw error;
    } finally {
      remote.forEach((index, position) => {
        if ((asks[position]?.extra ?? 0) > 0) {
          const allowance = this.allowances.get((counters[index] as CounterSpec).key);
          if (allowance) allowance.asking = false;
        }
      });
    }
    if (outcome.type === "hit") {
      this.giveBack(taken);
      return outcome;
    }
    if (outcome.type === "rejected") {
      this.giveBack(taken);
      return { type: "rejected", failures: outcome.failures.map((failure) => ({ ...failure, index: remote[failure.index] ?? 0 })) };
    }
    const values = counters.map((_, index) => taken[index]?.allowance.used ?? 0);
    remote.forEach((index, position) => {
      const counter = counters[index] as CounterSpec;
      const value = outcome.values[position] ?? 0;
      const allowance = counter.kind === "sum" ? this.allowances.get(counter.key) : undefined;
      const granted = outcome.granted?.[position] ?? 0;
      if (allowance === undefined) {
        // Closed while the ask was on its way: nothing will spend the grant.
        if (granted > 0) void this.uncharge(counter.key, counter.ttlMs, granted);
        values[index] = value - granted;
        return;
      }
      allowance.counted = value;
      allowance.available += granted;
      if (granted > 0) allowance.usedAtMs = nowMs;
      values[index] = allowance.used;
    });
    return { type: "admitted", values };
  }

  async settle(requestId: string, entries: readonly SettleEntry[], cache?: CacheWrite): Promise<SettleOutcome> {
    const values: number[] = [];
    const alerts: boolean[] = [];
    const forward: SettleEntry[] = [];
    const forwarded: number[] = [];
    entries.forEach((entry, index) => {
      alerts.push(false);
      const allowance = entry.kind === "sum" ? this.allowances.get(entry.key) : undefined;
      // A settlement that may cross a soft threshold goes to Redis, which fires the alert once.
      const watched = entry.soft >= 0 && entry.alertKey !== undefined;
      if (allowance && (entry.delta <= 0 || allowance.available >= entry.delta) && (!watched || allowance.counted < entry.soft)) {
        allowance.available -= entry.delta;
        values.push(allowance.used);
        return;
      }
      values.push(-1);
      forward.push(entry);
      forwarded.push(index);
    });
    if (forward.length === 0 && !cache) return { values, alerts };
    const outcome = await this.redis.settle(requestId, forward, cache);
    forwarded.forEach((index, position) => {
      const value = outcome.values[position] ?? -1;
      values[index] = value;
      alerts[index] = outcome.alerts[position] ?? false;
      const allowance = this.allowances.get((forward[position] as SettleEntry).key);
      if (allowance && value >= 0) allowance.counted = value;
    });
    return { values, alerts };
  }

  /** Units of `key` this gateway holds and has not spent. */
  held(key: string): number {
    return this.allowances.get(key)?.available ?? 0;
  }

  /** Gives every allowance back (shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const all = [...this.allowances.values()];
    this.allowances.clear();
    await Promise.all(all.map((allowance) => this.giveUp(allowance)));
  }

  /** What to ask for on top of `counter`'s amount, growing with demand. */
  private ask(counter: CounterSpec, nowMs: number): AllowanceAsk {
    const none = { extra: 0, ceiling: 0 };
    if (counter.kind !== "sum" || counter.limit < this.options.minRequests * counter.amount) return none;
    let allowance = this.allowances.get(counter.key);
    if (!allowance) {
      allowance = new Allowance(counter.key, counter.ttlMs, nowMs);
      this.allowances.set(counter.key, allowance);
    }
    if (allowance.asking) return none;
    const since = nowMs - allowance.askedAtMs;
    allowance.askedAtMs = nowMs;
    if (since < this.options.growMs) allowance.size = Math.max(allowance.size * 2, counter.amount * 4);
    else if (since > this.options.shrinkMs) allowance.size = Math.floor(allowance.size / 2);
    allowance.size = Math.min(allowance.size, Math.floor(counter.limit / 16));
    if (allowance.size <= 0) return none;
    allowance.asking = true;
    return { extra: allowance.size, ceiling: Math.floor(Math.min(counter.limit / 2, counter.soft ?? Number.POSITIVE_INFINITY)) };
  }

  private giveBack(taken: ReadonlyArray<{ readonly allowance: Allowance; readonly amount: number } | undefined>): void {
    for (const entry of taken) if (entry) entry.allowance.available += entry.amount;
  }

  private returnIdle(): void {
    const nowMs = Date.now();
    for (const [key, allowance] of this.allowances) {
      if (allowance.asking || nowMs - allowance.usedAtMs < this.options.idleMs) continue;
      this.allowances.delete(key);
      void this.giveUp(allowance);
    }
  }

  /** Gives back what is left of an allowance. */
  private giveUp(allowance: Allowance): Promise<void> {
    const amount = allowance.available;
    allowance.available = 0;
    return this.uncharge(allowance.key, allowance.ttlMs, amount);
  }

  /** If Redis cannot be reached, the units stay counted until their window ends (over-counting, never under). */
  private async uncharge(key: string, ttlMs: number, amount: number): Promise<void> {
    if (amount <= 0) return;
    try {
      await this.redis.settle("allowance", [{ key, kind: "sum", delta: -amount, soft: -1, ttlMs }]);
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message, counter: key },
        "returning an unused allowance failed; it counts until its window ends",
      );
    }
  }
}
