/**
 * Fixed, log-spaced latency buckets stored as an int[] of request counts on every
 * rollup row, so percentiles come from summed histograms instead of raw logs.
 *
 * Layout (a storage contract: rows written with one layout cannot be read with another):
 *   index 0            [0, 1) ms
 *   index k, 1..160    [2^((k-1)/8), 2^(k/8)) ms: eight buckets per doubling, each 9.05% wide
 *   index 161          [2^20 ms ≈ 17.5 min, ∞)
 * The ingest upsert computes the index with PostgreSQL's width_bucket(latency_ms, thresholds),
 * where thresholds are the 161 lower bounds 2^0 .. 2^20 below.
 *
 * Accuracy: a percentile is interpolated linearly inside the bucket that holds the rank, and
 * the exact value (the smallest latency with at least q·N requests at or below it, PostgreSQL's
 * percentile_disc) lies in that same bucket. So the estimate is off by less than one bucket's
 * width: under 2^(1/8) − 1 ≈ 9.05% of the true value, and exact below 11 ms, where a bucket holds
 * at most one whole millisecond. Latencies of 2^20 ms or more are reported as 2^20 ms.
 */
export const bucketsPerDoubling = 8;
export const maxExponent = 20;

/** Lower bounds of buckets 1..161, in ms (index i holds bucket i + 1's lower bound). */
export const latencyThresholds: readonly number[] = Array.from(
  { length: bucketsPerDoubling * maxExponent + 1 },
  (_, index) => 2 ** (index / bucketsPerDoubling),
);

export const latencyBucketCount = latencyThresholds.length + 1;

/** Upper bound of the relative error of a percentile at or above 11 ms. */
export const percentileRelativeError = 2 ** (1 / bucketsPerDoubling) - 1;

/** The same index PostgreSQL's width_bucket(value, thresholds) returns. */
export function latencyBucketOf(latencyMs: number): number {
  let low = 0;
  let high = latencyThresholds.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (latencyMs < (latencyThresholds[middle] ?? Number.POSITIVE_INFINITY)) high = middle;
    else low = middle + 1;
  }
  return low;
}

function bucketBounds(index: number): { lower: number; upper: number } {
  if (index === 0) return { lower: 0, upper: 1 };
  const lower = latencyThresholds[index - 1] ?? latencyThresholds[latencyThresholds.length - 1] ?? 0;
  return { lower, upper: latencyThresholds[index] ?? lower };
}

/** Element-wise sum; rows written before histograms existed have none and add nothing. */
export function addHistograms(into: number[], counts: readonly number[] | null | undefined): number[] {
  if (!counts) return into;
  for (let index = 0; index < counts.length; index++) into[index] = (into[index] ?? 0) + (counts[index] ?? 0);
  return into;
}

export function emptyHistogram(): number[] {
  return new Array<number>(latencyBucketCount).fill(0);
}

/**
 * The q-quantile (0 < q ≤ 1) of the latencies counted in `counts`, or null when it is empty.
 * Latencies are whole milliseconds, so the estimate is clamped to the whole values the bucket can hold.
 */
export function percentileOf(counts: readonly number[], quantile: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.min(Math.max(quantile, 0), 1) * total;
  let below = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] ?? 0;
    if (count > 0 && below + count >= rank) {
      const { lower, upper } = bucketBounds(index);
      if (upper <= lower) return lower;
      const estimate = lower + ((upper - lower) * Math.max(rank - below, 0)) / count;
      const smallestWhole = Math.ceil(lower);
      const largestWhole = Math.max(smallestWhole, Math.ceil(upper) - 1);
      return Math.min(Math.max(estimate, smallestWhole), largestWhole);
    }
    below += count;
  }
  return bucketBounds(counts.length - 1).lower;
}

/** Thresholds as a PostgreSQL float8[] literal; JavaScript's shortest round-trip text parses back to the same doubles. */
export function thresholdsLiteral(): string {
  return `{${latencyThresholds.join(",")}}`;
}
