/**
 * Date ranges of the Spend page. The control plane counts in UTC days (`to` includes the whole
 * day), so every preset resolves to UTC calendar days and every chart axis is labelled UTC.
 */
export const rangePresets = ["today", "7d", "30d", "mtd", "last-month", "90d", "custom"] as const;
export type RangePreset = (typeof rangePresets)[number];

export const rangePresetLabels: Record<RangePreset, string> = {
  today: "Today",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  mtd: "This month",
  "last-month": "Last month",
  "90d": "Last 90 days",
  custom: "Custom",
};

export interface DayRange {
  /** First UTC day, "YYYY-MM-DD". */
  from: string;
  /** Last UTC day, included. */
  to: string;
}

export type Bucket = "hour" | "day";

const dayMs = 86_400_000;
const hourMs = 3_600_000;
/** The control plane answers hour buckets for at most 31 days and day buckets for 400. */
export const maxHourDays = 31;
export const maxDayDays = 400;

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(text: string): boolean {
  if (!dayPattern.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

function dayOf(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function startOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function presetRange(preset: Exclude<RangePreset, "custom">, now = new Date()): DayRange {
  const today = dayOf(now.getTime());
  const todayStart = startOfDay(today);
  const lastDays = (count: number) => ({ from: dayOf(todayStart - (count - 1) * dayMs), to: today });
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "7d":
      return lastDays(7);
    case "30d":
      return lastDays(30);
    case "90d":
      return lastDays(90);
    case "mtd":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "last-month": {
      const firstOfMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
      return { from: dayOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)), to: dayOf(firstOfMonth - dayMs) };
    }
  }
}

/** Whole days in the range, both ends included; 0 when `to` is before `from`. */
export function dayCount(range: DayRange): number {
  return Math.max(0, Math.round((startOfDay(range.to) - startOfDay(range.from)) / dayMs) + 1);
}

/** Why the range cannot be asked for as it is, in words for the filter bar; undefined when it can. */
export function rangeProblem(range: DayRange, bucket: Bucket): string | undefined {
  if (!isDay(range.from) || !isDay(range.to)) return "Pick a start and an end day.";
  const days = dayCount(range);
  if (days === 0) return "The end day must not be before the start day.";
  if (bucket === "hour" && days > maxHourDays) return `Hourly buckets cover at most ${maxHourDays} days; choose daily buckets.`;
  if (days > maxDayDays) return `A range covers at most ${maxDayDays} days.`;
  return undefined;
}

/** How the control plane writes bucket starts: "2026-10-10T13:00:00Z" (no milliseconds). */
export function bucketKey(time: number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Every bucket start in the range, so charts show quiet hours and days as zeros instead of
 * joining the points on either side. Buckets that start after now are left out: the future has
 * no spend yet, and a flat line into it would read as "nothing happened".
 */
export function bucketStarts(range: DayRange, bucket: Bucket, now = new Date()): string[] {
  if (!isDay(range.from) || !isDay(range.to)) return [];
  const step = bucket === "hour" ? hourMs : dayMs;
  const end = Math.min(startOfDay(range.to) + dayMs, now.getTime());
  const starts: string[] = [];
  for (let time = startOfDay(range.from); time < end; time += step) starts.push(bucketKey(time));
  // A range entirely in the future still gets its first bucket, so the axis is not empty.
  if (starts.length === 0) starts.push(bucketKey(startOfDay(range.from)));
  return starts;
}

const dayLabel = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const hourLabel = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "UTC" });
const fullLabel = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

/** Axis tick text: "Oct 10" for days; "13:00" for hours, with the day at midnight. */
export function bucketTick(bucketStart: string, bucket: Bucket): string {
  const date = new Date(bucketStart);
  // Charts ask for labels of no bucket too (an inactive tooltip has no label).
  if (Number.isNaN(date.getTime())) return "";
  if (bucket === "day") return dayLabel.format(date);
  return date.getUTCHours() === 0 ? dayLabel.format(date) : hourLabel.format(date);
}

/** Tooltip heading: the whole bucket, spelled out. */
export function bucketTitle(bucketStart: string, bucket: Bucket): string {
  const date = new Date(bucketStart);
  if (Number.isNaN(date.getTime())) return "";
  if (bucket === "day") return `${fullLabel.format(date)} (UTC)`;
  const end = new Date(date.getTime() + hourMs);
  return `${fullLabel.format(date)}, ${hourLabel.format(date)}–${hourLabel.format(end)} UTC`;
}

export function describeRange(range: DayRange): string {
  if (!isDay(range.from) || !isDay(range.to)) return "No valid range";
  const from = dayLabel.format(new Date(`${range.from}T00:00:00Z`));
  if (range.from === range.to) return `${from}, ${range.from.slice(0, 4)}`;
  const to = dayLabel.format(new Date(`${range.to}T00:00:00Z`));
  return `${from} – ${to}, ${range.to.slice(0, 4)}`;
}
