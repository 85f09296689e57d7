import type { AppRouter } from "@switchyard/control-plane/router";
import type { inferRouterOutputs } from "@trpc/server";
import { sumDecimals } from "./decimal";

type Outputs = inferRouterOutputs<AppRouter>;
export type SpendPoint = Outputs["spend"]["overTime"][number];
export type Spender = Outputs["spend"]["topSpenders"][number];

/** One stacked series. `key` is a safe chart data key: recharts reads dots in keys as paths ("gpt-4.1"). */
export interface SeriesInfo {
  key: string;
  group: string;
  label: string;
  total: number;
}

export type ChartRow = { bucketStart: string } & Record<string, number | string>;

export interface StackedSeries {
  series: SeriesInfo[];
  rows: ChartRow[];
}

/** More stacked colours than this stop being tellable apart; the smallest groups fold into "Other". */
const maxSeries = 8;
export const otherKey = "other";

/**
 * The control plane's sparse points (absent bucket = zero) as one row per bucket start with a
 * number for every series, the biggest groups first so the legend reads in order of spend.
 */
export function stackSeries(
  points: readonly SpendPoint[],
  starts: readonly string[],
  measure: (point: SpendPoint) => number,
): StackedSeries {
  const totals = new Map<string, { label: string; total: number }>();
  for (const point of points) {
    const group = point.group ?? "";
    const entry = totals.get(group) ?? { label: point.label || "(none)", total: 0 };
    entry.total += measure(point);
    totals.set(group, entry);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].total - a[1].total || a[1].label.localeCompare(b[1].label));
  const shown = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const series: SeriesInfo[] = shown.map(([group, entry], index) => ({ key: `s${index}`, group, label: entry.label, total: entry.total }));
  const keyOf = new Map(series.map((item) => [item.group, item.key]));
  if (ranked.length > shown.length) {
    const rest = ranked.slice(shown.length);
    series.push({
      key: otherKey,
      group: otherKey,
      label: `Other (${rest.length})`,
      total: rest.reduce((sum, [, entry]) => sum + entry.total, 0),
    });
  }
  const rows = new Map<string, ChartRow>(
    starts.map((start) => [start, { bucketStart: start, ...Object.fromEntries(series.map((item) => [item.key, 0])) }]),
  );
  for (const point of points) {
    const row = rows.get(point.bucketStart);
    if (!row) continue;
    const key = keyOf.get(point.group ?? "") ?? otherKey;
    row[key] = Number(row[key] ?? 0) + measure(point);
  }
  return { series, rows: [...rows.values()] };
}

export interface UsageRow {
  bucketStart: string;
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
}

/** Requests and tokens per bucket across every group, zeros where nothing ran. */
export function usageRows(points: readonly SpendPoint[], starts: readonly string[]): UsageRow[] {
  const rows = new Map<string, UsageRow>(
    starts.map((start) => [start, { bucketStart: start, requests: 0, errors: 0, promptTokens: 0, completionTokens: 0 }]),
  );
  for (const point of points) {
    const row = rows.get(point.bucketStart);
    if (!row) continue;
    row.requests += point.requests;
    row.errors += point.errors;
    row.promptTokens += point.promptTokens;
    row.completionTokens += point.completionTokens;
  }
  return [...rows.values()];
}

export interface SpendTotals {
  /** Exact decimal USD, the sum of the control plane's own decimal sums. */
  costUsdDecimal: string;
  requests: number;
  errors: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  avgLatencyMs: number | null;
}

export function totalsOf(points: readonly SpendPoint[]): SpendTotals {
  let requests = 0;
  let errors = 0;
  let cacheHits = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  let latencyTotal = 0;
  let latencyRequests = 0;
  for (const point of points) {
    requests += point.requests;
    errors += point.errors;
    cacheHits += point.cacheHits;
    promptTokens += point.promptTokens;
    completionTokens += point.completionTokens;
    if (point.avgLatencyMs !== null) {
      latencyTotal += point.avgLatencyMs * point.requests;
      latencyRequests += point.requests;
    }
  }
  return {
    costUsdDecimal: sumDecimals(points.map((point) => point.costUsdDecimal)),
    requests,
    errors,
    cacheHits,
    promptTokens,
    completionTokens,
    avgLatencyMs: latencyRequests > 0 ? latencyTotal / latencyRequests : null,
  };
}

/** "$0.0001234" for "0.0001234": every digit the control plane summed, with at least cents. */
export function exactUsd(decimal: string): string {
  const negative = decimal.startsWith("-");
  const [whole = "0", fraction = ""] = decimal.replace(/^-/, "").split(".");
  const digits = fraction.replace(/0+$/, "").padEnd(2, "0");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}$${grouped}.${digits}`;
}
