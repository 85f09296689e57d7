import type { SpendEventInput } from "@switchyard/schemas/spend-event";
import { afterAll, beforeAll, expect, test } from "vitest";
import { hashKey } from "../src/services/keys/generate-key";
import { dataPlaneToken, demoKey, startControlPlane, type TestControlPlane } from "./helpers";

let cp: TestControlPlane;
const auth = { authorization: `Bearer ${dataPlaneToken}` };
const day = (offset: number) => new Date(Date.UTC(2026, 9, 10 + offset, 12, 0, 0)).toISOString();

function event(index: number, overrides: Partial<SpendEventInput> = {}): SpendEventInput {
  return {
    requestId: `req-${index}`,
    timestamp: day(index % 3),
    keyHash: hashKey(demoKey),
    teamId: "research",
    model: index % 2 === 0 ? "demo-fast" : "demo-smart",
    deployment: index % 2 === 0 ? "demo-fast-1" : "demo-smart-1",
    provider: "openai-compatible",
    promptTokens: 100 + index,
    completionTokens: 20 + index,
    cachedTokens: index % 4,
    cacheWriteTokens: 0,
    // Amounts whose float sum would drift: exact decimals must survive.
    costUsd: `0.000${index % 10}${(index * 7) % 10}1`,
    latencyMs: 50 + index,
    ttftMs: 10,
    status: index % 5 === 0 ? 429 : 200,
    errorCode: index % 5 === 0 ? "rate_limit_exceeded" : undefined,
    cacheHit: index % 6 === 0,
    guardrailActions: index % 7 === 0 ? [{ id: "pii", action: "masked" }] : [],
    ...overrides,
  };
}

async function ingest(events: SpendEventInput[]) {
  const response = await cp.app.inject({ method: "POST", url: "/dataplane/spend", headers: auth, payload: { events } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { accepted: number; duplicates: number };
}

/** Raw logs aggregated the slow way, to compare with what the rollups hold. */
async function sums() {
  const [raw] = await cp.prisma.$queryRaw<
    { requests: bigint; errors: bigint; hits: bigint; prompt: bigint; completion: bigint; cached: bigint; cost: string; latency: bigint }[]
  >`
    SELECT COUNT(*) AS requests, COUNT(*) FILTER (WHERE status >= 400) AS errors, COUNT(*) FILTER (WHERE cache_hit) AS hits,
      SUM(prompt_tokens)::bigint AS prompt, SUM(completion_tokens)::bigint AS completion, SUM(cached_tokens)::bigint AS cached,
      SUM(cost_usd)::text AS cost, SUM(latency_ms)::bigint AS latency FROM spend_logs`;
  const [rolled] = await cp.prisma.$queryRaw<
    { requests: bigint; errors: bigint; hits: bigint; prompt: bigint; completion: bigint; cached: bigint; cost: string; latency: bigint }[]
  >`
    SELECT SUM(requests)::bigint AS requests, SUM(errors)::bigint AS errors, SUM(cache_hits)::bigint AS hits,
      SUM(prompt_tokens)::bigint AS prompt, SUM(completion_tokens)::bigint AS completion, SUM(cached_tokens)::bigint AS cached,
      SUM(cost_usd)::text AS cost, SUM(latency_ms_sum)::bigint AS latency FROM spend_daily_rollups`;
  return { raw, rolled };
}

beforeAll(async () => {
  cp = await startControlPlane({ label: "spend" });
});
afterAll(async () => {
  await cp?.close();
});

test("ingest is idempotent by requestId and rollups equal the sum of raw logs", async () => {
  const batch = Array.from({ length: 40 }, (_, index) => event(index));
  expect(await ingest(batch)).toEqual({ accepted: 40, duplicates: 0 });
  // The same batch again (a gateway retrying after a timeout), plus overlap and in-batch repeats.
  expect(await ingest(batch)).toEqual({ accepted: 0, duplicates: 40 });
  const overlap = [...Array.from({ length: 20 }, (_, index) => event(index + 30)), event(55), event(55)];
  expect(await ingest(overlap)).toEqual({ accepted: 11, duplicates: 11 });

  expect(await cp.prisma.spendLog.count()).toBe(51);
  const { raw, rolled } = await sums();
  expect(rolled).toEqual(raw);
  expect(Number(raw?.requests)).toBe(51);

  // Per day × model the rollups hold exactly the raw sums, to the last decimal.
  const perGroup = await cp.prisma.$queryRaw<{ mismatches: bigint }[]>`
    SELECT COUNT(*) AS mismatches FROM (
      SELECT started_at::date AS day, model, SUM(cost_usd) AS cost, COUNT(*) AS requests FROM spend_logs GROUP BY 1, 2
    ) raw FULL JOIN (
      SELECT day, model, SUM(cost_usd) AS cost, SUM(requests) AS requests FROM spend_daily_rollups GROUP BY 1, 2
    ) rolled USING (day, model)
    WHERE raw.cost IS DISTINCT FROM rolled.cost OR raw.requests IS DISTINCT FROM rolled.requests`;
  expect(Number(perGroup[0]?.mismatches)).toBe(0);
});

test("concurrent deliveries of the same batch count once", async () => {
  const batch = Array.from({ length: 30 }, (_, index) => event(index + 100));
  const results = await Promise.all([ingest(batch), ingest(batch), ingest(batch)]);
  expect(results.reduce((total, result) => total + result.accepted, 0)).toBe(30);
  expect(results.reduce((total, result) => total + result.duplicates, 0)).toBe(60);
  const { raw, rolled } = await sums();
  expect(rolled).toEqual(raw);
});

test("events are attributed to the key's team and owner and queried from rollups", async () => {
  const log = await cp.prisma.spendLog.findUniqueOrThrow({ where: { requestId: "req-1" } });
  expect(log).toMatchObject({ keyId: cp.seed.virtualKeyId, teamId: cp.seed.teamIds.research, userId: cp.userId("TEAM_ADMIN") });
  expect(log.costUsd.toString()).toBe("0.000171");
  const key = await cp.prisma.virtualKey.findUniqueOrThrow({ where: { id: cp.seed.virtualKeyId } });
  expect(key.lastUsedAt?.toISOString()).toBe(day(2));

  const finance = await cp.callerAs("FINANCE");
  const points = await finance.spend.overTime({ from: "2026-10-10", to: "2026-10-12", groupBy: "model" });
  expect(new Set(points.map((point) => point.day))).toEqual(new Set(["2026-10-10", "2026-10-11", "2026-10-12"]));
  expect(points.reduce((total, point) => total + point.requests, 0)).toBe(81);
  const errors = await cp.prisma.spendLog.count({ where: { status: { gte: 400 } } });
  expect(points.reduce((total, point) => total + point.errors, 0)).toBe(errors);
  const top = await finance.spend.topSpenders({ from: "2026-10-01", to: "2026-10-31", by: "key" });
  expect(top).toHaveLength(1);
  expect(top[0]?.label).toContain("research-demo");
});

test("invalid batches are refused whole, in OpenAI's error shape", async () => {
  const response = await cp.app.inject({
    method: "POST",
    url: "/dataplane/spend",
    headers: auth,
    payload: { events: [event(900), { ...event(901), costUsd: 0.5 }] },
  });
  expect(response.statusCode).toBe(400);
  expect(response.json()).toMatchObject({ error: { type: "invalid_request_error", param: "events.1.costUsd" } });
  expect(await cp.prisma.spendLog.count({ where: { requestId: "req-900" } })).toBe(0);
});
