import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  latencyBucketCount,
  latencyBucketOf,
  percentileOf,
  percentileRelativeError,
  thresholdsLiteral,
} from "../src/services/spend/latency-histogram";
import { outcome, startControlPlane, type TestControlPlane } from "./helpers";
import { ingestDataset, type RawGroup, rawSums, type SpendDataset } from "./spend-fixtures";

/** Dashboard queries read rollups only; here they are checked against sums of the raw logs. */
let cp: TestControlPlane;
let dataset: SpendDataset;
const dimensions = ["team", "key", "user", "model", "provider"] as const;

beforeAll(async () => {
  cp = await startControlPlane({ label: "spend-queries" });
  dataset = await ingestDataset(cp);
}, 120_000);
afterAll(async () => {
  await cp?.close();
});

function comparable(point: {
  bucketStart: string;
  group: string | null;
  requests: number;
  errors: number;
  cacheHits: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  costUsdDecimal: string;
}): RawGroup {
  return {
    bucket: point.bucketStart,
    grp: point.group,
    requests: point.requests,
    errors: point.errors,
    cacheHits: point.cacheHits,
    promptTokens: point.promptTokens,
    completionTokens: point.completionTokens,
    cachedTokens: point.cachedTokens,
    cost: point.costUsdDecimal,
    latencySum: 0,
  };
}

describe("spend.overTime", () => {
  test.each(["hour", "day"] as const)("%s buckets equal the raw-log sums, overall and per dimension", async (bucket) => {
    const finance = await cp.callerAs("FINANCE");
    const range = { from: "2026-09-01", to: "2026-09-10" };
    for (const groupBy of [undefined, ...dimensions]) {
      const points = await finance.spend.overTime({ ...range, bucket, ...(groupBy ? { groupBy } : {}) });
      const raw = await rawSums(cp, { start: dataset.start, end: dataset.end, bucket, ...(groupBy ? { groupBy } : {}) });
      expect(
        points.map((point) => ({ ...comparable(point), latencySum: Math.round((point.avgLatencyMs ?? 0) * point.requests) })),
        `${bucket} by ${groupBy}`,
      ).toEqual(raw);
    }
  });

  test("filters by team, key, user, model and provider, and by an instant range in hour buckets", async () => {
    const admin = await cp.callerAs("ADMIN");
    const filters = [
      { teamId: cp.seed.teamIds.research },
      { keyId: dataset.keys.platform },
      { userId: cp.userId("MEMBER") },
      { model: "gpt-4o" },
      { provider: "openai-compatible", model: "demo-fast" },
    ];
    for (const filter of filters) {
      const points = await admin.spend.overTime({ from: "2026-09-03", to: "2026-09-04", bucket: "hour", ...filter });
      const raw = await rawSums(cp, {
        start: new Date("2026-09-03T00:00:00Z"),
        end: new Date("2026-09-05T00:00:00Z"),
        bucket: "hour",
        filter,
      });
      expect(
        points.map(comparable).map((point) => ({ ...point, grp: null })),
        JSON.stringify(filter),
      ).toEqual(raw.map((row) => ({ ...row, latencySum: 0 })));
    }
    // Instants: 13:30 to 17:10 is widened to the hour buckets it touches, 13:00 to 18:00.
    const points = await admin.spend.overTime({ from: "2026-09-05T13:30:00Z", to: "2026-09-05T17:10:00+00:00", bucket: "hour" });
    expect(points.map((point) => point.bucketStart)).toEqual(["13", "14", "15", "16", "17"].map((hour) => `2026-09-05T${hour}:00:00Z`));
    const raw = await rawSums(cp, { start: new Date("2026-09-05T13:00:00Z"), end: new Date("2026-09-05T18:00:00Z") });
    expect(points.reduce((total, point) => total + point.requests, 0)).toBe(raw[0]?.requests);
  });

  test("labels groups and keeps the day field for day buckets", async () => {
    const finance = await cp.callerAs("FINANCE");
    const byTeam = await finance.spend.overTime({ from: "2026-09-02", to: "2026-09-02", groupBy: "team" });
    expect(new Set(byTeam.map((point) => point.label))).toEqual(new Set(["research", "platform", "(none)"]));
    expect(byTeam.every((point) => point.day === "2026-09-02" && point.bucketStart === "2026-09-02T00:00:00Z")).toBe(true);
    const byKey = await finance.spend.overTime({ from: "2026-09-02", to: "2026-09-02", groupBy: "key" });
    expect(byKey.find((point) => point.group === dataset.keys.platform)?.label).toMatch(/^=platform-bot \(sk-sy-/);
  });

  test("refuses empty and oversized ranges", async () => {
    const finance = await cp.callerAs("FINANCE");
    expect(await outcome(() => finance.spend.overTime({ from: "2026-09-05", to: "2026-09-04" }))).toBe("BAD_REQUEST");
    expect(await outcome(() => finance.spend.overTime({ from: "2026-02-30", to: "2026-03-01" }))).toBe("BAD_REQUEST");
    expect(await outcome(() => finance.spend.overTime({ from: "2026-01-01", to: "2026-02-01", bucket: "hour" }))).toBe("BAD_REQUEST");
    expect(await outcome(() => finance.spend.overTime({ from: "2026-01-01", to: "2026-01-31", bucket: "hour" }))).toBe("OK");
    expect(await outcome(() => finance.spend.overTime({ from: "2025-01-01", to: "2026-03-01" }))).toBe("BAD_REQUEST");
  });
});

describe("spend.topSpenders", () => {
  test.each(dimensions)("by %s: ordered by exact cost, shares of the matched total", async (by) => {
    const finance = await cp.callerAs("FINANCE");
    const top = await finance.spend.topSpenders({ from: "2026-09-01", to: "2026-09-10", by, limit: 100 });
    const raw = await rawSums(cp, { start: dataset.start, end: dataset.end, groupBy: by });
    const expected = [...raw].sort((a, b) => Number(b.cost) - Number(a.cost));
    expect(top.map((spender) => [spender.group, spender.costUsdDecimal, spender.requests, spender.errors])).toEqual(
      expected.map((row) => [row.grp, row.cost, row.requests, row.errors]),
    );
    expect(top.reduce((total, spender) => total + spender.share, 0)).toBeCloseTo(1, 9);
    const limited = await finance.spend.topSpenders({ from: "2026-09-01", to: "2026-09-10", by, limit: 2 });
    expect(limited.map((spender) => spender.group)).toEqual(top.slice(0, 2).map((spender) => spender.group));
  });

  test("a range that is not whole days is answered from the hourly rollups, exactly", async () => {
    const finance = await cp.callerAs("FINANCE");
    const top = await finance.spend.topSpenders({ from: "2026-09-04T06:00:00Z", to: "2026-09-06T18:00:00Z", by: "model" });
    const raw = await rawSums(cp, { start: new Date("2026-09-04T06:00:00Z"), end: new Date("2026-09-06T18:00:00Z"), groupBy: "model" });
    expect(new Map(top.map((spender) => [spender.group, spender.costUsdDecimal]))).toEqual(new Map(raw.map((row) => [row.grp, row.cost])));
  });
});

describe("latency", () => {
  test("the histogram layout matches PostgreSQL's width_bucket, which the ingest uses", async () => {
    const rows = await cp.prisma.$queryRawUnsafe<{ value: number; bucket: number }[]>(
      `SELECT value, width_bucket(value::float8, '${thresholdsLiteral()}'::float8[]) AS bucket
       FROM (SELECT generate_series(0, 20000) AS value UNION ALL SELECT unnest(ARRAY[65535, 65536, 1048575, 1048576, 2000000000])) AS values`,
    );
    const mismatches = rows.filter((row) => latencyBucketOf(row.value) !== row.bucket);
    expect(mismatches).toEqual([]);
    expect(latencyBucketOf(2_000_000_000)).toBe(latencyBucketCount - 1);
  });

  test("every rollup row's histogram counts exactly its requests", async () => {
    for (const table of ["spend_daily_rollups", "spend_hourly_rollups"]) {
      const [row] = await cp.prisma.$queryRawUnsafe<{ bad: bigint; rows: bigint }[]>(
        `SELECT COUNT(*) FILTER (WHERE (SELECT SUM(count) FROM unnest(latency_histogram) AS count) <> requests
           OR cardinality(latency_histogram) <> ${latencyBucketCount}) AS bad, COUNT(*) AS rows FROM ${table}`,
      );
      expect(Number(row?.bad), table).toBe(0);
      expect(Number(row?.rows)).toBeGreaterThan(0);
    }
  });

  test("p50/p95/p99 per model are within the documented error of the exact percentiles of the raw logs", async () => {
    const finance = await cp.callerAs("FINANCE");
    for (const range of [
      { from: "2026-09-01", to: "2026-09-10" },
      { from: "2026-09-03T05:00:00Z", to: "2026-09-04T20:00:00Z" },
    ]) {
      const report = await finance.spend.latency(range);
      const exact = await cp.prisma.$queryRaw<{ model: string; requests: bigint; p50: number; p95: number; p99: number }[]>`
        SELECT model, COUNT(*) AS requests, percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
          percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95, percentile_disc(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
        FROM spend_logs
        WHERE started_at >= ${new Date(range.from.length === 10 ? `${range.from}T00:00:00Z` : range.from).toISOString().replace("Z", "")}::timestamp
          AND started_at < ${(range.to.length === 10 ? new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000) : new Date(range.to)).toISOString().replace("Z", "")}::timestamp
        GROUP BY model`;
      expect(report.groups.map((group) => group.group).sort()).toEqual(exact.map((row) => row.model).sort());
      let worst = 0;
      for (const row of exact) {
        const group = report.groups.find((candidate) => candidate.group === row.model);
        expect(group?.requests).toBe(Number(row.requests));
        for (const [estimate, truth] of [
          [group?.p50Ms, row.p50],
          [group?.p95Ms, row.p95],
          [group?.p99Ms, row.p99],
        ] as const) {
          if (estimate === null || estimate === undefined) throw new Error("missing percentile");
          // Past the last bucket (about 17.5 minutes) only "at least 2^20 ms" is known.
          if (truth >= 2 ** 20) {
            expect(estimate).toBe(2 ** 20);
            continue;
          }
          const error = Math.abs(estimate - truth);
          expect(error, `${row.model}: ${estimate} vs ${truth}`).toBeLessThan(Math.max(truth * percentileRelativeError, 1e-9) + 1e-9);
          if (truth > 0) worst = Math.max(worst, error / truth);
        }
      }
      expect(worst).toBeLessThan(percentileRelativeError);
      console.info(`latency percentiles ${range.from}..${range.to}: worst relative error ${(worst * 100).toFixed(2)}%`);
      expect(report.overall.requests).toBe(exact.reduce((total, row) => total + Number(row.requests), 0));
    }
  });

  test("percentiles are exact below 11 ms and the overflow bucket reports its lower bound", () => {
    const values = [0, 1, 1, 2, 3, 5, 8, 9, 10, 10, 10];
    const histogram = new Array<number>(latencyBucketCount).fill(0);
    for (const value of values) histogram[latencyBucketOf(value)] = (histogram[latencyBucketOf(value)] ?? 0) + 1;
    for (const quantile of [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1]) {
      const exact = [...values].sort((a, b) => a - b)[Math.ceil(quantile * values.length) - 1];
      expect(percentileOf(histogram, quantile), `q=${quantile}`).toBe(exact);
    }
    const overflow = new Array<number>(latencyBucketCount).fill(0);
    overflow[latencyBucketCount - 1] = 3;
    expect(percentileOf(overflow, 0.5)).toBe(2 ** 20);
    expect(percentileOf(new Array<number>(latencyBucketCount).fill(0), 0.5)).toBeNull();
  });
});
