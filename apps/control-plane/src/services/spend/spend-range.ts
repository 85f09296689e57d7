import { z } from "zod";
import { AppError } from "../../errors";
import type { RollupGrain } from "./rollup-upsert";

/**
 * Time ranges of spend queries. `from`/`to` are UTC days ("2026-10-10": `to` includes the whole
 * day) or ISO instants ("2026-10-10T13:00:00Z": `to` is exclusive). The range is widened to whole
 * buckets of the grain that answers it: buckets that intersect [from, to) are returned whole.
 */
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
export const hourMs = 3_600_000;
export const dayMs = 24 * hourMs;

/** At most 31 days of hourly rows (744 buckets) and 400 days of daily rows per query. */
export const maxRangeMs: Record<RollupGrain, number> = { hour: 31 * dayMs, day: 400 * dayMs };

const calendarDay = z
  .string()
  .regex(dayPattern, "YYYY-MM-DD")
  .refine((text) => {
    // Runs even when the pattern failed (zod keeps checking), so guard against invalid dates.
    const time = Date.parse(`${text}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
  }, "not a calendar day");
export const rangeBound = z.union([calendarDay, z.iso.datetime({ offset: true })]);

export interface SpendRange {
  /** Inclusive, on a bucket boundary. */
  start: Date;
  /** Exclusive, on a bucket boundary. */
  end: Date;
  grain: RollupGrain;
}

function startOf(text: string): number {
  return dayPattern.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
}

function endOf(text: string): number {
  return dayPattern.test(text) ? Date.parse(`${text}T00:00:00Z`) + dayMs : Date.parse(text);
}

/** For zod refinements: the range is not empty. */
export function rangeIsOrdered(input: { from: string; to: string }): boolean {
  return startOf(input.from) < endOf(input.to);
}
export const rangeOrderIssue = { message: "to must be after from", path: ["to"] };

const grainMs: Record<RollupGrain, number> = { hour: hourMs, day: dayMs };

export function floorTo(time: number, grain: RollupGrain): number {
  return Math.floor(time / grainMs[grain]) * grainMs[grain];
}

export function ceilTo(time: number, grain: RollupGrain): number {
  return Math.ceil(time / grainMs[grain]) * grainMs[grain];
}

/**
 * The rollup grain and bucket-aligned bounds for a query. Series ask for their bucket;
 * totals (top spenders, latency, overview) read daily rows when the range is whole UTC
 * days and hourly rows otherwise.
 */
export function resolveRange(input: { from: string; to: string }, grain?: RollupGrain): SpendRange {
  const rawStart = startOf(input.from);
  const rawEnd = endOf(input.to);
  if (!(rawStart < rawEnd)) throw new AppError("bad_request", "to must be after from");
  const chosen: RollupGrain = grain ?? (rawStart % dayMs === 0 && rawEnd % dayMs === 0 ? "day" : "hour");
  const start = floorTo(rawStart, chosen);
  const end = ceilTo(rawEnd, chosen);
  if (end - start > maxRangeMs[chosen]) {
    throw new AppError(
      "bad_request",
      chosen === "hour" ? "hour buckets, and ranges that are not whole UTC days, cover at most 31 days" : "at most 400 days per query",
    );
  }
  return { start: new Date(start), end: new Date(end), grain: chosen };
}

/** Every bucket start in the range, for callers that want a dense axis. */
export function bucketStarts(range: SpendRange): Date[] {
  const starts: Date[] = [];
  for (let time = range.start.getTime(); time < range.end.getTime(); time += grainMs[range.grain]) starts.push(new Date(time));
  return starts;
}
