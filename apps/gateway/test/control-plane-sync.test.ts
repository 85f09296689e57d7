import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp as buildControlPlane } from "@switchyard/control-plane/app";
import { seedAndPublishDemo } from "@switchyard/control-plane/bootstrap/demo";
import { loadEnv } from "@switchyard/control-plane/env";
import { publishConfig } from "@switchyard/control-plane/services/config/publish";
import { type DatabaseClient, openDatabase } from "@switchyard/db";
import { createTestDatabase, type TestDatabase } from "@switchyard/testkit";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import type { FastifyInstance } from "fastify";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";

/**
 * The real control plane and a real gateway together (issue: versioned config push):
 * a published version reaches a running gateway within 2 s, a rollback does too, the
 * gateway reports what it runs, and with the control plane down a restarted gateway
 * boots from its last-known-good file and keeps serving.
 */

const token = `dp-${randomBytes(8).toString("hex")}`;
const masterKey = randomBytes(32).toString("base64");
const demoKey = `sk-sy-sync-${randomBytes(12).toString("hex")}`;
const actor = { id: null, email: "test@example.com", ip: undefined };

let database: TestDatabase;
let prisma: DatabaseClient;
let closeDatabase: () => Promise<void>;
let controlPlane: FastifyInstance | undefined;
let upstream: FakeOpenAI;
let dataDir: string;
let gateway: RunningGateway | undefined;
let organizationId: string;

async function modelIds(url: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${demoKey}` } });
  if (response.status !== 200) return [];
  const body = (await response.json()) as { data: { id: string }[] };
  return body.data.map((model) => model.id).sort();
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await condition()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  database = await createTestDatabase("cpsync");
  const opened = await openDatabase({ databaseUrl: database.url, migrate: true });
  prisma = opened.prisma;
  closeDatabase = () => opened.close();
  const env = loadEnv({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    SWITCHYARD_DATAPLANE_TOKEN: token,
    SWITCHYARD_MASTER_KEY: masterKey,
    DEMO_PROVIDER_URL: upstream.url,
  });
  controlPlane = await buildControlPlane({ prisma, env, logger: pino({ level: "silent" }) });
  await controlPlane.listen({ port: 0, host: "127.0.0.1" });
  await seedAndPublishDemo(controlPlane.deps, demoKey);
  organizationId = (await prisma.organization.findFirstOrThrow({ where: { slug: "demo" } })).id;
  dataDir = await mkdtemp(join(tmpdir(), "switchyard-cp-sync-"));
});

afterAll(async () => {
  await gateway?.close();
  await controlPlane?.close();
  await upstream?.close();
  await closeDatabase?.();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

function controlPlaneUrl(): string {
  const address = controlPlane?.server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

it("serves the published demo config pulled from the control plane", async () => {
  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    masterKey,
    controlPlane: { url: controlPlaneUrl(), token, dataDir, heartbeatIntervalMs: 200 },
  });
  await waitFor(async () => (await fetch(`${gateway?.url}/readyz`)).status === 200, 10_000);
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${demoKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "hello" }] }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-switchyard-deployment")).toBe("demo-fast-1");
  expect(await modelIds(gateway.url)).toEqual(["demo-fast", "demo-smart"]);
});

it("applies a newly published version within 2 s, and a rollback too", async () => {
  const url = gateway?.url ?? "";
  await prisma.modelDeployment.updateMany({ where: { organizationId, slug: "demo-smart-1" }, data: { enabled: false } });
  const published = await publishConfig(controlPlane?.deps ?? never(), organizationId, actor, { message: "disable demo-smart" });
  const applyMs = await waitFor(async () => !(await modelIds(url)).includes("demo-smart"), 2_000);
  expect(applyMs).toBeLessThan(2_000);

  // The gateway tells the control plane which version it runs.
  await waitFor(async () => {
    const planes = await prisma.dataPlane.findMany({ where: { organizationId } });
    return planes.some((plane) => plane.appliedVersion === published.version.number);
  }, 5_000);

  const first = await prisma.configVersion.findFirstOrThrow({ where: { organizationId, number: 1 } });
  const rolledBack = await publishConfig(controlPlane?.deps ?? never(), organizationId, actor, {
    message: "roll back to 1",
    restore: { snapshot: first.snapshot, number: first.number },
  });
  expect(rolledBack.version.sha256).toBe(first.sha256);
  expect(rolledBack.version.number).toBe(published.version.number + 1);
  const rollbackMs = await waitFor(async () => (await modelIds(url)).includes("demo-smart"), 2_000);
  expect(rollbackMs).toBeLessThan(2_000);
  console.info(`config push: publish applied in ${applyMs.toFixed(0)} ms, rollback applied in ${rollbackMs.toFixed(0)} ms`);
  const ready = (await (await fetch(`${url}/readyz`)).json()) as { config: { version: number; sha256: string } };
  expect(ready.config).toMatchObject({ version: rolledBack.version.number, sha256: first.sha256 });
});

it("boots from last-known-good when the control plane is down", async () => {
  const step = stepTimer();
  await gateway?.close();
  step("first gateway closed");
  gateway = undefined;
  const deadUrl = controlPlaneUrl();
  await controlPlane?.close();
  controlPlane = undefined;
  step("control plane closed");

  gateway = await startGateway({ port: 0, host: "127.0.0.1", logger: false, masterKey, controlPlane: { url: deadUrl, token, dataDir } });
  step("second gateway started");
  await waitFor(async () => (await fetch(`${gateway?.url}/readyz`)).status === 200, 10_000);
  step("second gateway ready");
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${demoKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-smart", messages: [{ role: "user", content: "still here?" }] }),
  });
  expect(response.status).toBe(200);
  const ready = (await (await fetch(`${gateway.url}/readyz`)).json()) as { config: { source: string } };
  expect(ready.config.source).toMatch(/last-known-good|lkg/i);
}, 60_000);

/** Logs how long each step took, so a slow step on a loaded machine is named in the output. */
function stepTimer(): (label: string) => void {
  let last = performance.now();
  return (label) => {
    const now = performance.now();
    console.info(`last-known-good: ${label} after ${(now - last).toFixed(0)} ms`);
    last = now;
  };
}

function never(): never {
  throw new Error("control plane not running");
}
