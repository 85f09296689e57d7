import { GatewayError } from "../../errors";
import { formatNano } from "../metering/money";
import type { CounterFailure } from "./backend";
import type { PlannedCounter } from "./plan";
import { formatResetDuration } from "./windows";

interface Snapshot {
  readonly counter: PlannedCounter;
  readonly remaining: number;
}

/** The tightest counter of a kind: what OpenAI-style headers report when several principals limit a request. */
function tightest(counters: readonly PlannedCounter[], values: readonly number[], kind: "rpm" | "tpm"): Snapshot | undefined {
  let best: Snapshot | undefined;
  counters.forEach((counter, index) => {
    if (counter.limitKind !== kind) return;
    const remaining = Math.max(0, counter.limit - (values[index] ?? 0));
    if (!best || remaining < best.remaining) best = { counter, remaining };
  });
  return best;
}

/** x-ratelimit-* as OpenAI sends them (limit, remaining, time to reset as "6m0s"). */
export function rateLimitHeaders(counters: readonly PlannedCounter[], values: readonly number[], nowMs: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const requests = tightest(counters, values, "rpm");
  if (requests) {
    headers["x-ratelimit-limit-requests"] = String(requests.counter.limit);
    headers["x-ratelimit-remaining-requests"] = String(requests.remaining);
    headers["x-ratelimit-reset-requests"] = formatResetDuration(requests.counter.resetAtMs - nowMs);
  }
  const tokens = tightest(counters, values, "tpm");
  if (tokens) {
    headers["x-ratelimit-limit-tokens"] = String(tokens.counter.limit);
    headers["x-ratelimit-remaining-tokens"] = String(tokens.remaining);
    headers["x-ratelimit-reset-tokens"] = formatResetDuration(tokens.counter.resetAtMs - nowMs);
  }
  return headers;
}

function describe(counter: PlannedCounter, current: number): string {
  const who = counter.principal.label;
  switch (counter.limitKind) {
    case "rpm":
      return `Rate limit reached for ${who} on requests per min (RPM): Limit ${counter.limit}, Used ${current}, Requested 1.`;
    case "tpm":
      return counter.amount > counter.limit
        ? `Request too large for ${who} on tokens per min (TPM): Limit ${counter.limit}, Requested ${counter.amount}. Send a smaller request or lower max_tokens.`
        : `Rate limit reached for ${who} on tokens per min (TPM): Limit ${counter.limit}, Used ${current}, Requested ${counter.amount}.`;
    case "parallel":
      return `Too many parallel requests for ${who}: Limit ${counter.limit}.`;
    case "budget":
      return `Budget exceeded for ${who}: $${formatNano(BigInt(current))} of $${formatNano(BigInt(counter.limit))} used this period (${counter.principal.budget?.period}); this request may cost up to $${formatNano(BigInt(counter.amount))}.`;
  }
}

function resetMs(counter: PlannedCounter, nowMs: number): number {
  // A lease frees when some in-flight request ends: worth retrying soon.
  return counter.limitKind === "parallel" ? 1000 : counter.resetAtMs - nowMs;
}

/**
 * The 429 for a refused admission. Budgets win over rate limits (they last longer); retry-after is
 * when every refusing counter has reset; the x-ratelimit-* headers describe the refusing counters.
 */
export function limitExceeded(counters: readonly PlannedCounter[], failures: readonly CounterFailure[], nowMs: number): GatewayError {
  const failed = failures.flatMap((failure) => {
    const counter = counters[failure.index];
    return counter ? [{ counter, current: failure.current }] : [];
  });
  const budget = failed.find(({ counter }) => counter.limitKind === "budget");
  const primary = budget ?? failed[0];
  const retryMs = Math.max(1000, ...failed.map(({ counter }) => resetMs(counter, nowMs)));
  const headers = {
    ...rateLimitHeaders(
      failed.map(({ counter }) => counter),
      failed.map(({ current }) => current),
      nowMs,
    ),
    "retry-after": String(Math.ceil(retryMs / 1000)),
  };
  const message = primary
    ? `${describe(primary.counter, primary.current)} Please try again in ${formatResetDuration(retryMs)}.`
    : "Rate limit reached.";
  return new GatewayError(429, message, {
    code: budget ? "budget_exceeded" : "rate_limit_exceeded",
    type: budget ? "insufficient_quota" : "rate_limit_error",
    headers,
  });
}
