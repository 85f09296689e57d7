/**
 * Month-end (period-end) forecast of a budget, linear on the period's spend so far:
 *
 *   rate      = spent / elapsed            (elapsed = now − window start, at least one hour,
 *                                           at most the window; the hour floor keeps the first
 *                                           minutes of a period from projecting absurd totals)
 *   forecast  = spent + rate × (window end − now)      (= spent once the window has ended)
 *
 * i.e. the average daily spend so far continued to the end of the period. Projected
 * exhaustion is when that line crosses the budget: now + (amount − spent) / rate, if that
 * falls inside the window. The method ignores weekly seasonality and growth trends: it
 * answers "at this period's pace so far", which is what a budget owner checks first.
 */
export const minimumElapsedMs = 3_600_000;
const dayMs = 86_400_000;

export interface ForecastInput {
  spentMicros: number;
  amountMicros: number;
  windowStart: Date;
  windowEnd: Date;
  now: Date;
}

export interface Forecast {
  /** Average spend per day so far (micro-dollars per day). */
  dailyRateMicros: number;
  /** Spend expected by the end of the window. */
  forecastMicros: number;
  /** When spend is expected to reach the amount inside this window; null if not (or already reached). */
  projectedExhaustionAt: Date | null;
  /** Days of the window used as the basis, and its full length. */
  elapsedDays: number;
  totalDays: number;
}

/** The line: spend per ms so far, drawn from max(now, window start). */
function paceOf(input: ForecastInput): { ratePerMs: number; from: number; elapsed: number; total: number } {
  const start = input.windowStart.getTime();
  const total = Math.max(input.windowEnd.getTime() - start, 1);
  const elapsed = Math.min(Math.max(input.now.getTime() - start, minimumElapsedMs), total);
  return { ratePerMs: input.spentMicros / elapsed, from: Math.max(input.now.getTime(), start), elapsed, total };
}

/** Forecast cumulative spend at `at` on the line (spent so far for any time up to now). */
export function forecastAt(input: ForecastInput, at: Date): number {
  const pace = paceOf(input);
  const until = Math.min(at.getTime(), input.windowEnd.getTime());
  return Math.round(input.spentMicros + pace.ratePerMs * Math.max(until - pace.from, 0));
}

export function linearForecast(input: ForecastInput): Forecast {
  const pace = paceOf(input);
  const forecastMicros = forecastAt(input, input.windowEnd);
  let projectedExhaustionAt: Date | null = null;
  if (input.spentMicros < input.amountMicros && pace.ratePerMs > 0 && forecastMicros >= input.amountMicros) {
    const at = pace.from + (input.amountMicros - input.spentMicros) / pace.ratePerMs;
    projectedExhaustionAt = new Date(Math.min(Math.ceil(at), input.windowEnd.getTime()));
  }
  return {
    dailyRateMicros: Math.round(pace.ratePerMs * dayMs),
    forecastMicros,
    projectedExhaustionAt,
    elapsedDays: pace.elapsed / dayMs,
    totalDays: pace.total / dayMs,
  };
}
