import { Prisma, type Transaction } from "../../db";
import { latencyBucketCount, thresholdsLiteral } from "./latency-histogram";

/** The two rollup grains; both are written by every ingest, in its transaction. */
export const rollupGrains = {
  day: { table: "spend_daily_rollups", column: "day", bucketOf: "started_at::date" },
  hour: { table: "spend_hourly_rollups", column: "hour", bucketOf: "date_trunc('hour', started_at)" },
} as const;
export type RollupGrain = keyof typeof rollupGrains;

const thresholds = thresholdsLiteral();

/**
 * Folds the given (just inserted) raw logs into one grain's rollups. Aggregating in SQL keeps
 * NUMERIC cost sums exact. Each group's latencies become a histogram (request count per
 * width_bucket index, see latency-histogram.ts) that the conflict branch adds element-wise;
 * rows that predate histograms have an empty array and COALESCE to zeros. Rows are upserted
 * in key order so concurrent batches lock shared rollup rows in the same order (no deadlocks).
 */
export async function upsertRollups(tx: Transaction, grain: RollupGrain, logIds: Prisma.Sql): Promise<void> {
  const { table, column, bucketOf } = rollupGrains[grain];
  const target = Prisma.raw(table);
  const time = Prisma.raw(column);
  const lastBucket = latencyBucketCount - 1;
  await tx.$executeRaw`
    WITH grouped AS (
      SELECT organization_id, ${Prisma.raw(bucketOf)} AS bucket, COALESCE(team_id, '') AS team_id, COALESCE(key_id, '') AS key_id,
        COALESCE(user_id, '') AS user_id, model, COALESCE(provider, '') AS provider,
        COUNT(*)::int AS requests, (COUNT(*) FILTER (WHERE status >= 400))::int AS errors, (COUNT(*) FILTER (WHERE cache_hit))::int AS cache_hits,
        SUM(prompt_tokens)::bigint AS prompt_tokens, SUM(completion_tokens)::bigint AS completion_tokens,
        SUM(cached_tokens)::bigint AS cached_tokens, SUM(cost_usd) AS cost_usd, SUM(latency_ms)::bigint AS latency_ms_sum,
        array_agg(width_bucket(latency_ms::float8, ${thresholds}::float8[])) AS latency_buckets
      FROM spend_logs
      WHERE id IN (${logIds})
      GROUP BY 1, 2, 3, 4, 5, 6, 7
    )
    INSERT INTO ${target} AS rollup (id, organization_id, ${time}, team_id, key_id, user_id, model, provider, requests, errors, cache_hits,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum, latency_histogram, updated_at)
    SELECT gen_random_uuid()::text, organization_id, bucket, team_id, key_id, user_id, model, provider, requests, errors, cache_hits,
      prompt_tokens, completion_tokens, cached_tokens, cost_usd, latency_ms_sum,
      ARRAY(SELECT COUNT(found.index)::int FROM generate_series(0, ${lastBucket}::int) AS slot
        LEFT JOIN unnest(grouped.latency_buckets) AS found(index) ON found.index = slot GROUP BY slot ORDER BY slot),
      NOW()
    FROM grouped
    ORDER BY organization_id, bucket, team_id, key_id, user_id, model, provider
    ON CONFLICT (organization_id, ${time}, team_id, key_id, user_id, model, provider) DO UPDATE SET
      requests = rollup.requests + EXCLUDED.requests,
      errors = rollup.errors + EXCLUDED.errors,
      cache_hits = rollup.cache_hits + EXCLUDED.cache_hits,
      prompt_tokens = rollup.prompt_tokens + EXCLUDED.prompt_tokens,
      completion_tokens = rollup.completion_tokens + EXCLUDED.completion_tokens,
      cached_tokens = rollup.cached_tokens + EXCLUDED.cached_tokens,
      cost_usd = rollup.cost_usd + EXCLUDED.cost_usd,
      latency_ms_sum = rollup.latency_ms_sum + EXCLUDED.latency_ms_sum,
      latency_histogram = ARRAY(SELECT COALESCE(rollup.latency_histogram[slot], 0) + COALESCE(EXCLUDED.latency_histogram[slot], 0)
        FROM generate_series(1, ${latencyBucketCount}::int) AS slot ORDER BY slot),
      updated_at = NOW()`;
}
