import { type Bucket, type DayRange, isDay, presetRange, type RangePreset, rangePresets } from "./spend-range";

/** What the Spend page's charts stack by; keys and users are in the top-spenders table. */
export const stackDimensions = ["team", "model", "provider"] as const;
export type StackDimension = (typeof stackDimensions)[number];

export const spenderDimensions = ["team", "key", "user", "model", "provider"] as const;
export type SpenderDimension = (typeof spenderDimensions)[number];

export const dimensionLabels: Record<SpenderDimension, string> = {
  team: "Team",
  key: "Key",
  user: "User",
  model: "Model",
  provider: "Provider",
};

export interface SpendFilters {
  preset: RangePreset;
  range: DayRange;
  bucket: Bucket;
  stackBy: StackDimension;
  /** "" = every one the viewer may see. */
  teamId: string;
  keyId: string;
  userId: string;
  model: string;
}

function oneOf<T extends string>(values: readonly T[], value: string | null | undefined, fallback: T): T {
  return values.find((candidate) => candidate === value) ?? fallback;
}

type Params = Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The page's filters from its URL, so a view can be bookmarked and shared; anything invalid falls back. */
export function filtersFromParams(params: Params, now = new Date()): SpendFilters {
  const preset = oneOf(rangePresets, first(params, "range"), "7d");
  const from = first(params, "from");
  const to = first(params, "to");
  const custom = preset === "custom" && from && to && isDay(from) && isDay(to);
  const range = custom ? { from, to } : presetRange(preset === "custom" ? "7d" : preset, now);
  return {
    preset: custom ? "custom" : preset === "custom" ? "7d" : preset,
    range,
    bucket: oneOf(["hour", "day"] as const, first(params, "bucket"), preset === "today" ? "hour" : "day"),
    stackBy: oneOf(stackDimensions, first(params, "stack"), "team"),
    teamId: first(params, "team") ?? "",
    keyId: first(params, "key") ?? "",
    userId: first(params, "user") ?? "",
    model: first(params, "model") ?? "",
  };
}

export function filtersToSearch(filters: SpendFilters): string {
  const params = new URLSearchParams({ range: filters.preset });
  if (filters.preset === "custom") {
    params.set("from", filters.range.from);
    params.set("to", filters.range.to);
  }
  params.set("bucket", filters.bucket);
  params.set("stack", filters.stackBy);
  if (filters.teamId) params.set("team", filters.teamId);
  if (filters.keyId) params.set("key", filters.keyId);
  if (filters.userId) params.set("user", filters.userId);
  if (filters.model) params.set("model", filters.model);
  return params.toString();
}

/** The equality filters as the control plane's spend procedures take them (absent = not filtered). */
export function filterInput(filters: SpendFilters) {
  return {
    from: filters.range.from,
    to: filters.range.to,
    ...(filters.teamId ? { teamId: filters.teamId } : {}),
    ...(filters.keyId ? { keyId: filters.keyId } : {}),
    ...(filters.userId ? { userId: filters.userId } : {}),
    ...(filters.model ? { model: filters.model } : {}),
  };
}

export function overTimeInput(filters: SpendFilters) {
  return { ...filterInput(filters), bucket: filters.bucket, groupBy: filters.stackBy };
}

/**
 * The CSV download through the console's proxy: exactly the query behind the chart, so the
 * file's rows add up to the page's totals.
 */
export function exportHref(
  report: { report: "overTime" } | { report: "topSpenders"; by: SpenderDimension; limit: number },
  filters: SpendFilters,
): string {
  const input: Record<string, string | number> =
    report.report === "overTime" ? { report: "overTime", ...overTimeInput(filters) } : { ...report, ...filterInput(filters) };
  const params = new URLSearchParams(Object.entries(input).map(([name, value]) => [name, String(value)]));
  return `/api/export/spend.csv?${params.toString()}`;
}
