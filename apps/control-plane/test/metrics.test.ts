import type { SpendEventInput } from "@switchyard/schemas/spend-event";
import { afterAll, beforeAll, expect, test } from "vitest";
import { hashKey } from "../src/services/keys/generate-key";
import { dataPlaneToken, demoKey, startControlPlane, type TestControlPlane } from "./helpers";

/** The control plane's /metrics: spend ingest lag, events and duplicates, publishes, long-poll waiters, gateway spools. */

let cp: TestControlPlane;
const auth = { authorization: `Bearer ${dataPlaneToken}` };

beforeAll(async () => {
  cp = await startControlPlane({ label: "metrics" });
});
afterAll(async () => {
  await cp?.close();
});

function event(requestId: string, ageSeconds: number): SpendEventInput {
  return {
    requestId,
    timestamp: new Date(Date.now() - ageSeconds * 1000).toISOString(),
    keyHash: hashKey(demoKey),
    teamId: "research",
    model: "demo-fast",
    promptTokens: 10,
    completionTokens: 5,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    costUsd: "0.0001",
    latencyMs: 20,
    status: 200,
    cacheHit: false,
    guardrailActions: [],
  };
}

async function metrics(): Promise<string> {
  const response = await cp.app.inject({ method: "GET", url: "/metrics" });
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toContain("text/plain");
  return response.body;
}

function value(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
}

test("spend ingestion: stored events, duplicates, lag per event, refused batches", async () => {
  const spend = (events: SpendEventInput[]) =>
    cp.app.inject({ method: "POST", url: "/dataplane/spend", headers: auth, payload: { events } });
  // Two events 3 s old and one 40 s old; then the first two again (a gateway resend).
  expect((await spend([event("m-1", 3), event("m-2", 3), event("m-3", 40)])).json()).toEqual({ accepted: 3, duplicates: 0 });
  expect((await spend([event("m-1", 3), event("m-2", 3)])).json()).toEqual({ accepted: 0, duplicates: 2 });
  expect((await spend([{ ...event("m-4", 1), costUsd: "not money" }])).statusCode).toBe(400);

  const text = await metrics();
  expect(value(text, "switchyard_spend_ingested_events_total")).toBe(3);
  expect(value(text, "switchyard_spend_duplicate_events_total")).toBe(2);
  expect(value(text, 'switchyard_spend_batches_total{outcome="stored"}')).toBe(2);
  expect(value(text, 'switchyard_spend_batches_total{outcome="invalid"}')).toBe(1);
  expect(value(text, "switchyard_spend_ingest_lag_seconds_count")).toBe(5);
  // The 3 s events land in the 5 s bucket, the 40 s one only from the 60 s bucket on.
  expect(value(text, 'switchyard_spend_ingest_lag_seconds_bucket{le="2"}')).toBe(0);
  expect(value(text, 'switchyard_spend_ingest_lag_seconds_bucket{le="5"}')).toBe(4);
  expect(value(text, 'switchyard_spend_ingest_lag_seconds_bucket{le="30"}')).toBe(4);
  expect(value(text, 'switchyard_spend_ingest_lag_seconds_bucket{le="60"}')).toBe(5);
  expect(value(text, "switchyard_spend_ingest_lag_seconds_sum")).toBeGreaterThanOrEqual(3 * 4 + 40);
});

test("publishes and long-poll waiters", async () => {
  const before = value(await metrics(), "switchyard_config_publish_events_total");
  const admin = await cp.callerAs("ADMIN");
  await admin.teams.setLimits({ teamId: cp.seed.teamIds.platform, rpm: 123 });
  await admin.config.publish({ message: "metrics" });
  const current = (await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: auth })).json() as { sha256: string };

  const headers = { ...auth, "if-none-match": `"${current.sha256}"` };
  const polls = [1, 2].map(() => cp.app.inject({ method: "GET", url: "/dataplane/config?wait=2", headers }));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const during = await metrics();
  expect(value(during, "switchyard_config_long_poll_waiters")).toBe(2);
  expect(value(during, "switchyard_config_publish_events_total")).toBe(before + 1);
  for (const poll of await Promise.all(polls)) expect(poll.statusCode).toBe(304);
  expect(value(await metrics(), "switchyard_config_long_poll_waiters")).toBe(0);
});

test("gateway spool depth as reported in heartbeats", async () => {
  const heartbeat = (instanceId: string, health: Record<string, unknown>) =>
    cp.app.inject({ method: "POST", url: "/dataplane/heartbeat", headers: auth, payload: { instanceId, status: "ok", health } });
  expect((await heartbeat("gw-a", { redis: "up", spend: { sink: "control-plane", depth: 17, failures: 3 } })).statusCode).toBe(200);
  expect((await heartbeat("gw-b", { spend: { sink: "control-plane", depth: 0 } })).statusCode).toBe(200);
  expect((await heartbeat("gw-c", { source: "control-plane" })).statusCode).toBe(200);
  const text = await metrics();
  expect(value(text, 'switchyard_gateway_spend_spool_events{instance="gw-a"}')).toBe(17);
  expect(value(text, 'switchyard_gateway_spend_spool_events{instance="gw-b"}')).toBe(0);
  expect(text).not.toContain('instance="gw-c"');
  // A later heartbeat replaces the reported depth.
  await heartbeat("gw-a", { spend: { sink: "control-plane", depth: 2 } });
  expect(value(await metrics(), 'switchyard_gateway_spend_spool_events{instance="gw-a"}')).toBe(2);
});
