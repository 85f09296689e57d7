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
    const name = `${principal.kind}:${principal.id}`;
    if (principal.rpm !== undefined)
      counters.push(
        windowCounter(principal, "rpm", `${base}rpm:${name}:${minute.id}`, "sum", principal.rpm, 1, minute.ttlMs, minute.resetAtMs),
      );
    if (principal.tpm !== undefined)
      counters.push(
        windowCounter(
          principal,
          "tpm",
          `${base}tpm:${name}:${minute.id}`,
          "sum",
          principal.tpm,
          amounts.tokens,
          minute.ttlMs,
          minute.resetAtMs,
        ),
      );
    if (principal.maxParallel !== undefined)
      counters.push(windowCounter(principal, "parallel", `${base}par:${name}`, "lease", principal.maxParallel, 1, leaseMs, nowMs + 1000));
    const budget = principal.budget;
    if (budget) {
      const window = budgetWindow(budget.period, nowMs);
      const key = `${base}budget:${name}:${window.id}`;
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
        alertKey: budget.softNano !== undefined ? `${key}:alerted` : undefined,
      });
    }
  }
  return counters;
}
