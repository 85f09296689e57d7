import type { BudgetPeriod } from "@switchyard/schemas";

/**
 * Fixed windows, named by their start, so every gateway derives the same Redis key for the same
 * moment and each key counts exactly up to its limit (a sliding log would cost a sorted-set entry
 * per request and per token reservation; a weighted two-window approximation is not exact).
 * The price of fixed windows is the boundary: up to 2x the limit across the last second of one
 * window and the first of the next, as with OpenAI's own per-minute limits.
 *
 * Budget periods: `1d` is the UTC day; `7d` and `30d` are consecutive 7- and 30-day blocks counted
 * from the Unix epoch (1970-01-01, a Thursday), so they reset at 00:00 UTC every 7th/30th day; `month`
 * is the UTC calendar month.
 */

const minuteMs = 60_000;
export const dayMs = 86_400_000;

export interface Window {
  /** Part of the counter's key: changes when the window does. */
  readonly id: string;
  readonly resetAtMs: number;
  /** How long the counter must live: to the window's end plus slack for late settlements. */
  readonly ttlMs: number;
}

export function minuteWindow(nowMs: number): Window {
  const minute = Math.floor(nowMs / minuteMs);
  const resetAtMs = (minute + 1) * minuteMs;
  return { id: `m${minute}`, resetAtMs, ttlMs: resetAtMs - nowMs + 5 * minuteMs };
}

export function budgetWindow(period: BudgetPeriod, nowMs: number): Window {
  const day = Math.floor(nowMs / dayMs);
  let id: string;
  let resetAtMs: number;
  if (period === "month") {
    const date = new Date(nowMs);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth();
    id = `M${year}-${String(month + 1).padStart(2, "0")}`;
    resetAtMs = Date.UTC(year, month + 1, 1);
  } else {
    const days = period === "1d" ? 1 : period === "7d" ? 7 : 30;
    const block = Math.floor(day / days);
    id = `${period}${block}`;
    resetAtMs = (block + 1) * days * dayMs;
  }
  return { id, resetAtMs, ttlMs: resetAtMs - nowMs + dayMs };
}

/** OpenAI's reset notation: "20ms", "1s", "6m0s", "1h2m3.5s". */
export function formatResetDuration(ms: number): string {
  const clamped = Math.max(0, Math.ceil(ms));
  if (clamped < 1000) return `${clamped}ms`;
  const hours = Math.floor(clamped / 3_600_000);
  const minutes = Math.floor((clamped % 3_600_000) / 60_000);
  // Whole milliseconds / 1000: the shortest text of that double is the decimal itself ("1.234", "0.1").
  const secondsText = `${(clamped % 60_000) / 1000}s`;
  if (hours > 0) return `${hours}h${minutes}m${secondsText}`;
  if (minutes > 0) return `${minutes}m${secondsText}`;
  return secondsText;
}
