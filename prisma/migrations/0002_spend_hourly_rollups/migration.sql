-- AlterTable
ALTER TABLE "spend_daily_rollups" ADD COLUMN     "latency_histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "spend_hourly_rollups" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "team_id" TEXT NOT NULL DEFAULT '',
    "key_id" TEXT NOT NULL DEFAULT '',
    "user_id" TEXT NOT NULL DEFAULT '',
    "model" TEXT NOT NULL,
    "provider" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "cache_hits" INTEGER NOT NULL DEFAULT 0,
    "prompt_tokens" BIGINT NOT NULL DEFAULT 0,
    "completion_tokens" BIGINT NOT NULL DEFAULT 0,
    "cached_tokens" BIGINT NOT NULL DEFAULT 0,
    "cost_usd" DECIMAL(24,10) NOT NULL DEFAULT 0,
    "latency_ms_sum" BIGINT NOT NULL DEFAULT 0,
    "latency_histogram" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "spend_hourly_rollups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "spend_hourly_rollups_organization_id_hour_idx" ON "spend_hourly_rollups"("organization_id", "hour");

-- CreateIndex
CREATE INDEX "spend_hourly_rollups_organization_id_team_id_hour_idx" ON "spend_hourly_rollups"("organization_id", "team_id", "hour");

-- CreateIndex
CREATE INDEX "spend_hourly_rollups_organization_id_user_id_hour_idx" ON "spend_hourly_rollups"("organization_id", "user_id", "hour");

-- CreateIndex
CREATE INDEX "spend_hourly_rollups_organization_id_key_id_hour_idx" ON "spend_hourly_rollups"("organization_id", "key_id", "hour");

-- CreateIndex
CREATE INDEX "spend_hourly_rollups_organization_id_model_hour_idx" ON "spend_hourly_rollups"("organization_id", "model", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "spend_hourly_rollups_organization_id_hour_team_id_key_id_us_key" ON "spend_hourly_rollups"("organization_id", "hour", "team_id", "key_id", "user_id", "model", "provider");

-- CreateIndex
CREATE INDEX "spend_daily_rollups_organization_id_user_id_day_idx" ON "spend_daily_rollups"("organization_id", "user_id", "day");

-- CreateIndex
CREATE INDEX "spend_daily_rollups_organization_id_key_id_day_idx" ON "spend_daily_rollups"("organization_id", "key_id", "day");

-- AddForeignKey
ALTER TABLE "spend_hourly_rollups" ADD CONSTRAINT "spend_hourly_rollups_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Hand-written below this line (the diff above is generated; Prisma's diff ignores data changes).
-- Backfill from the raw logs, once: latency histograms for the existing daily rows, and the hourly
-- rollups. The thresholds are latencyThresholds of apps/control-plane/src/services/spend/latency-histogram.ts
-- (2^(i/8) ms, i = 0..160), the same the ingest upsert passes to width_bucket.
CREATE TEMPORARY TABLE "spend_backfill" AS
SELECT "organization_id", date_trunc('hour', "started_at") AS "hour", COALESCE("team_id", '') AS "team_id",
  COALESCE("key_id", '') AS "key_id", COALESCE("user_id", '') AS "user_id", "model", COALESCE("provider", '') AS "provider",
  COUNT(*)::int AS "requests", (COUNT(*) FILTER (WHERE "status" >= 400))::int AS "errors",
  (COUNT(*) FILTER (WHERE "cache_hit"))::int AS "cache_hits", SUM("prompt_tokens")::bigint AS "prompt_tokens",
  SUM("completion_tokens")::bigint AS "completion_tokens", SUM("cached_tokens")::bigint AS "cached_tokens",
  SUM("cost_usd") AS "cost_usd", SUM("latency_ms")::bigint AS "latency_ms_sum",
  array_agg(width_bucket("latency_ms"::float8, '{1,1.0905077326652577,1.189207115002721,1.2968395546510096,1.4142135623730951,1.542210825407941,1.6817928305074292,1.8340080864093424,2,2.1810154653305154,2.378414230005442,2.5936791093020193,2.82842712474619,3.084421650815882,3.3635856610148585,3.668016172818685,4,4.362030930661031,4.756828460010884,5.187358218604039,5.65685424949238,6.168843301631764,6.727171322029717,7.33603234563737,8,8.724061861322062,9.513656920021768,10.374716437208077,11.31370849898476,12.337686603263528,13.454342644059434,14.67206469127474,16,17.448123722644123,19.027313840043536,20.749432874416154,22.62741699796952,24.675373206527055,26.908685288118868,29.34412938254948,32,34.896247445288246,38.05462768008707,41.49886574883231,45.25483399593904,49.35074641305411,53.817370576237735,58.68825876509896,64,69.79249489057649,76.10925536017415,82.99773149766462,90.50966799187808,98.70149282610822,107.63474115247547,117.37651753019792,128,139.58498978115298,152.2185107203483,165.99546299532923,181.01933598375615,197.40298565221644,215.26948230495094,234.75303506039583,256,279.16997956230597,304.4370214406966,331.99092599065847,362.0386719675123,394.8059713044329,430.5389646099019,469.50607012079166,512,558.3399591246119,608.8740428813932,663.9818519813169,724.0773439350246,789.6119426088658,861.0779292198038,939.0121402415833,1024,1116.6799182492239,1217.7480857627863,1327.9637039626339,1448.1546878700492,1579.2238852177315,1722.1558584396075,1878.0242804831666,2048,2233.3598364984477,2435.4961715255727,2655.9274079252677,2896.3093757400984,3158.447770435463,3444.311716879215,3756.0485609663333,4096,4466.7196729968955,4870.992343051145,5311.8548158505355,5792.618751480197,6316.895540870926,6888.62343375843,7512.097121932667,8192,8933.439345993791,9741.98468610229,10623.709631701071,11585.237502960394,12633.791081741852,13777.24686751686,15024.194243865333,16384,17866.878691987582,19483.96937220458,21247.419263402142,23170.475005920787,25267.582163483705,27554.49373503372,30048.388487730666,32768,35733.757383975164,38967.93874440916,42494.838526804284,46340.950011841574,50535.16432696741,55108.98747006744,60096.77697546133,65536,71467.51476795033,77935.87748881833,84989.67705360857,92681.90002368315,101070.32865393482,110217.97494013488,120193.55395092267,131072,142935.02953590066,155871.75497763665,169979.35410721714,185363.8000473663,202140.65730786964,220435.94988026976,240387.10790184533,262144,285870.0590718013,311743.5099552733,339958.7082144343,370727.6000947326,404281.3146157393,440871.8997605395,480774.21580369066,524288,571740.1181436026,623487.0199105466,679917.4164288685,741455.2001894652,808562.6292314786,881743.799521079,961548.4316073813,1048576}'::float8[])) AS "buckets"
FROM "spend_logs"
GROUP BY 1, 2, 3, 4, 5, 6, 7;

INSERT INTO "spend_hourly_rollups" ("id", "organization_id", "hour", "team_id", "key_id", "user_id", "model", "provider",
  "requests", "errors", "cache_hits", "prompt_tokens", "completion_tokens", "cached_tokens", "cost_usd", "latency_ms_sum",
  "latency_histogram", "updated_at")
SELECT gen_random_uuid()::text, b."organization_id", b."hour", b."team_id", b."key_id", b."user_id", b."model", b."provider",
  b."requests", b."errors", b."cache_hits", b."prompt_tokens", b."completion_tokens", b."cached_tokens", b."cost_usd",
  b."latency_ms_sum",
  ARRAY(SELECT COUNT(u.bucket)::int FROM generate_series(0, 161) AS g LEFT JOIN unnest(b."buckets") AS u(bucket) ON u.bucket = g GROUP BY g ORDER BY g),
  CURRENT_TIMESTAMP
FROM "spend_backfill" AS b;

UPDATE "spend_daily_rollups" AS r SET "latency_histogram" = d."histogram"
FROM (
  SELECT p."organization_id", p."day", p."team_id", p."key_id", p."user_id", p."model", p."provider",
    ARRAY(SELECT COUNT(u.bucket)::int FROM generate_series(0, 161) AS g LEFT JOIN unnest(p."buckets") AS u(bucket) ON u.bucket = g GROUP BY g ORDER BY g) AS "histogram"
  FROM (
    SELECT b."organization_id", b."hour"::date AS "day", b."team_id", b."key_id", b."user_id", b."model", b."provider", array_agg(e.bucket) AS "buckets"
    FROM "spend_backfill" AS b, unnest(b."buckets") AS e(bucket)
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ) AS p
) AS d
WHERE r."organization_id" = d."organization_id" AND r."day" = d."day" AND r."team_id" = d."team_id" AND r."key_id" = d."key_id"
  AND r."user_id" = d."user_id" AND r."model" = d."model" AND r."provider" = d."provider";

DROP TABLE "spend_backfill";
