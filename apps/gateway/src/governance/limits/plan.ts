import type { Principal } from "../policy/principals";
import type { CounterSpec } from "./backend";
import { budgetWindow, minuteWindow } from "./windows";

export type LimitKind = "rpm" | "tpm" | "parallel" | "budget";

export interface PlannedCounter extends CounterSpec {
  readonly principal: Principal;
  readonly limitKind: LimitKind;
  readonly resetAtMs: number;
  /** Budget soft threshold (nano-dollars) and its once-per-period flag key. */
  readonly soft: number | undefined;
  readonly alertKey: string | undefined;
}

export interface RequestAmounts {
  /** Estimated prompt tokens + the most the request may generate. */
  readonly tokens: number;
  /** Worst-case cost in nano-dollars (rounded up). */
  readonly costNano: number;
}

/** A per-minute or max-parallel counter (no soft threshold). */
function windowCounter(
  principal: Principal,
  limitKind: LimitKind,
  key: string,
  kind: "sum" | "lease",
  limit: number,
  amount: number,
  ttlMs: number,
  resetAtMs: number,
): PlannedCounter {
  return { key, kind, limit, amount, ttlMs, principal, limitKind, resetAtMs, soft: undefined, alertKey: undefined };
}

/** The last counter name built for one of a principal's limits, and what it was built from. */
interface NamedCounter {
  readonly base: string;
  readonly window: string;
  readonly key: string;
}

const lastNames = new WeakMap<Principal, Map<string, NamedCounter>>();

/**
 * `${base}${limit}:${kind}:${id}` (`:${window}` when windowed), the same string for every request
 * of a principal in the same window: a request keeps its counters until it ends (a stream, for
 * minutes), so thousands of open streams would otherwise hold thousands of copies of each name.
 * Principals live as long as their policy (GovernancePolicy caches them per key).
 */
function counterName(base: string, principal: Principal, limit: string, window: string, suffix = ""): string {
  let names = lastNames.get(principal);
  if (!names) {
    names = new Map();
    lastNames.set(principal, names);
  }
  const slot = `${limit}${suffix}`;
  const last = names.get(slot);
  if (last && last.window === window && last.base === base) return last.key;
  const name = `${base}${limit}:${principal.kind}:${principal.id}`;
  const key = `${window === "" ? name : `${name}:${window}`}${suffix}`;
  names.set(slot, { base, window, key });
  return key;
}

/**
 * Every counter a request must pass, for every principal it belongs to. Counter names carry the
 * principal and the window (`...:rpm:key:<id>:m29000000`), so a new window is a new key and old
 * ones expire by TTL: resets need no job. The `{hashTag}` keeps one request's keys in one Redis
 * Cluster slot, which multi-key scripts require.
 */
export function planCounters(
  base: string,
  principals: readonly Principal[],
  amounts: RequestAmounts,
  nowMs: number,
  leaseMs: number,
): PlannedCounter[] {
  const counters: PlannedCounter[] = [];
  const minute = minuteWindow(nowMs);
  for (const principal of principals) {
    if (principal.rpm !== undefined)
      counters.push(
        windowCounter(
          principal,
          "rpm",
          counterName(base, principal, "rpm", minute.id),
          "sum",
          principal.rpm,
          1,
          minute.ttlMs,
          minute.resetAtMs,
        ),
      );
    if (principal.tpm !== undefined)
      counters.push(
        windowCounter(
          principal,
          "tpm",
          counterName(base, principal, "tpm", minute.id),
          "sum",
          principal.tpm,
          amounts.tokens,
          minute.ttlMs,
          minute.resetAtMs,
        ),
      );
    if (principal.maxParallel !== undefined)
      counters.push(
        windowCounter(
          principal,
          "parallel",
          counterName(base, principal, "par", ""),
          "lease",
          principal.maxParallel,
          1,
          leaseMs,
          nowMs + 1000,
        ),
      );
    const budget = principal.budget;
    if (budget) {
      const window = budgetWindow(budget.period, nowMs);
      const key = counterName(base, principal, "budget", window.id);
      counters.push({
        key,
        kind: "sum",
        limit: budget.maxNano,
        amount: amounts.costNano,
        ttlMs: window.ttlMs,
        principal,
        limitKind: "budget",
        resetAtMs: window.resetAtMs,
        soft: budget.softNano,
        alertKey: budget.softNano !== undefined ? counterName(base, principal, "budget", window.id, ":alerted") : undefined,
      });
    }
  }
  return counters;
}
