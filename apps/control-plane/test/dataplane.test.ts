import { canonicalJson, sha256Hex } from "@switchyard/schemas/canonical-json";
import { testRedisUrl } from "@switchyard/testkit";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildApp } from "../src/app";
import { dataPlaneToken, startControlPlane, type TestControlPlane } from "./helpers";

let cp: TestControlPlane;
const auth = { authorization: `Bearer ${dataPlaneToken}` };

beforeAll(async () => {
  cp = await startControlPlane({ label: "dataplane" });
});
afterAll(async () => {
  await cp?.close();
});

async function publish(message: string, rpm: number) {
  const admin = await cp.callerAs("ADMIN");
  await admin.teams.setLimits({ teamId: cp.seed.teamIds.platform, rpm });
  return (await admin.config.publish({ message })).version;
}

test("the data-plane token is required and compared exactly", async () => {
  for (const headers of [
    {},
    { authorization: "Bearer wrong" },
    { authorization: `Bearer ${dataPlaneToken}x` },
    { authorization: dataPlaneToken },
  ]) {
    const response = await cp.app.inject({ method: "GET", url: "/dataplane/config", headers });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: "invalid_dataplane_token", type: "authentication_error" } });
  }
  const spend = await cp.app.inject({ method: "POST", url: "/dataplane/spend", payload: { events: [] } });
  expect(spend.statusCode).toBe(401);
});

test("404 before anything is published, then 200 with an etag, then 304", async () => {
  expect((await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: auth })).statusCode).toBe(404);
  const version = await publish("first", 100);
  const response = await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: auth });
  expect(response.statusCode).toBe(200);
  const body = response.json() as { version: number; sha256: string; publishedAt: string; config: unknown };
  expect(body.version).toBe(version.number);
  expect(body.sha256).toBe(sha256Hex(canonicalJson(body.config)));
  expect(response.body).toContain(`"config":${canonicalJson(body.config)}`);
  expect(response.headers.etag).toBe(`"${body.sha256}"`);
  const again = await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: { ...auth, "if-none-match": `"${body.sha256}"` } });
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe("");
  const stale = await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: { ...auth, "if-none-match": '"0000"' } });
  expect(stale.statusCode).toBe(200);
});

test("a long-poll answers within 2 s of a publish, and times out with 304", async () => {
  const current = (await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: auth })).json() as {
    sha256: string;
    version: number;
  };
  const headers = { ...auth, "if-none-match": `"${current.sha256}"` };
  const started = Date.now();
  const timedOut = await cp.app.inject({ method: "GET", url: "/dataplane/config?wait=1", headers });
  expect(timedOut.statusCode).toBe(304);
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);

  const polling = cp.app.inject({ method: "GET", url: "/dataplane/config?wait=25", headers });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const publishedAt = Date.now();
  const version = await publish("wake up", 200);
  const response = await polling;
  const latency = Date.now() - publishedAt;
  expect(response.statusCode).toBe(200);
  expect((response.json() as { version: number }).version).toBe(version.number);
  expect(latency).toBeLessThan(2000);
});

test("with Redis, a publish on one control-plane instance wakes long-polls on another", async () => {
  const redisA = new Redis(testRedisUrl());
  const redisB = new Redis(testRedisUrl());
  const quiet = { ...cp.env, LOG_LEVEL: "silent" as const };
  const instanceA = await buildApp({ prisma: cp.prisma, env: quiet, redis: redisA });
  const instanceB = await buildApp({ prisma: cp.prisma, env: quiet, redis: redisB });
  try {
    await Promise.all([instanceA.ready(), instanceB.ready()]);
    const current = (await instanceB.inject({ method: "GET", url: "/dataplane/config", headers: auth })).json() as { sha256: string };
    const polling = instanceB.inject({
      method: "GET",
      url: "/dataplane/config?wait=25",
      headers: { ...auth, "if-none-match": `"${current.sha256}"` },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const admin = await cp.callerAs("ADMIN");
    await admin.teams.setLimits({ teamId: cp.seed.teamIds.platform, rpm: 300 });
    // Publish through instance A's own dependencies (its event bus), not the test app's.
    const { publishConfig } = await import("../src/services/config/publish");
    const publishedAt = Date.now();
    const result = await publishConfig(
      instanceA.deps,
      cp.seed.organizationId,
      { id: null, email: null, ip: undefined },
      { message: "via A" },
    );
    const response = await polling;
    expect(response.statusCode).toBe(200);
    expect((response.json() as { version: number }).version).toBe(result.version.number);
    expect(Date.now() - publishedAt).toBeLessThan(2000);
  } finally {
    await instanceA.close();
    await instanceB.close();
    redisA.disconnect();
    redisB.disconnect();
  }
});

test("closing the app releases waiting long-polls instead of hanging for 30 s", async () => {
  const instance = await buildApp({ prisma: cp.prisma, env: { ...cp.env, LOG_LEVEL: "silent" } });
  await instance.ready();
  const current = (await instance.inject({ method: "GET", url: "/dataplane/config", headers: auth })).json() as { sha256: string };
  const polling = instance.inject({
    method: "GET",
    url: "/dataplane/config?wait=30",
    headers: { ...auth, "if-none-match": `"${current.sha256}"` },
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = Date.now();
  await instance.close();
  expect((await polling).statusCode).toBe(304);
  expect(Date.now() - started).toBeLessThan(2000);
});

test("heartbeats record which gateway runs which version", async () => {
  const latest = (await cp.app.inject({ method: "GET", url: "/dataplane/config", headers: auth })).json() as {
    version: number;
    sha256: string;
  };
  const beat = await cp.app.inject({
    method: "POST",
    url: "/dataplane/heartbeat",
    headers: auth,
    payload: { instanceId: "gw-1", appliedVersion: latest.version, appliedSha256: latest.sha256, status: "ok", health: { redis: "up" } },
  });
  expect(beat.statusCode).toBe(200);
  expect(beat.json()).toMatchObject({ ok: true, latestVersion: latest.version, latestSha256: latest.sha256 });
  await cp.app.inject({
    method: "POST",
    url: "/dataplane/heartbeat",
    headers: auth,
    payload: { instanceId: "gw-2", appliedVersion: 1, status: "degraded" },
  });
  await cp.app.inject({
    method: "POST",
    url: "/dataplane/heartbeat",
    headers: auth,
    payload: { instanceId: "gw-1", appliedVersion: latest.version, appliedSha256: latest.sha256 },
  });
  const invalid = await cp.app.inject({ method: "POST", url: "/dataplane/heartbeat", headers: auth, payload: { appliedVersion: "x" } });
  expect(invalid.statusCode).toBe(400);
  expect(invalid.json()).toMatchObject({ error: { type: "invalid_request_error" } });

  const viewer = await cp.callerAs("VIEWER");
  const { latestVersion, dataPlanes } = await viewer.dataPlanes.list();
  expect(latestVersion).toBe(latest.version);
  expect(dataPlanes.map((plane) => [plane.instanceId, plane.appliedVersion, plane.upToDate, plane.online])).toEqual([
    ["gw-1", latest.version, true, true],
    ["gw-2", 1, false, true],
  ]);
  expect(await cp.prisma.dataPlane.count()).toBe(2);
});

test("the list reads each gateway's per-deployment health, leaving out entries it cannot read", async () => {
  const payload = (instanceId: string, deployments: unknown) => ({ instanceId, status: "ok", health: { redis: "up", deployments } });
  await cp.app.inject({
    method: "POST",
    url: "/dataplane/heartbeat",
    headers: auth,
    payload: payload("gw-health", {
      "demo-fast-1": { state: "cooling", cooldownUntil: "2030-01-01T00:00:00.000Z", inFlight: 2 },
      "demo-smart-1": { state: "healthy" },
      "from-the-future": { state: "degraded-somehow" },
    }),
  });
  await cp.app.inject({ method: "POST", url: "/dataplane/heartbeat", headers: auth, payload: payload("gw-old", "not a map") });
  const { dataPlanes } = await (await cp.callerAs("VIEWER")).dataPlanes.list();
  const byInstance = new Map(dataPlanes.map((plane) => [plane.instanceId, plane.deployments]));
  expect(byInstance.get("gw-health")).toEqual({
    "demo-fast-1": { state: "cooling", cooldownUntil: "2030-01-01T00:00:00.000Z", inFlight: 2 },
    "demo-smart-1": { state: "healthy" },
  });
  expect(byInstance.get("gw-old")).toEqual({});
});
