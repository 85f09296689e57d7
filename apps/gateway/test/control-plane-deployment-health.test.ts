import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
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
 * The real control plane and a real gateway (issue 7, deployment health): the heartbeat carries
 * each deployment's routing state, so a deployment whose upstream fails is reported cooling down
 * in the DataPlane row the console reads, while its sibling stays healthy.
 */

const token = `dp-${randomBytes(8).toString("hex")}`;
const masterKey = randomBytes(32).toString("base64");
const demoKey = `sk-sy-health-${randomBytes(12).toString("hex")}`;
const actor = { id: null, email: "test@example.com", ip: undefined };

let database: TestDatabase;
let prisma: DatabaseClient;
let closeDatabase: () => Promise<void>;
let controlPlane: FastifyInstance | undefined;
let upstream: FakeOpenAI;
let flaky: FakeOpenAI;
let gateway: RunningGateway | undefined;
let organizationId: string;

interface ReportedDeployment {
  state: string;
  cooldownUntil?: string;
}

async function reported(): Promise<Record<string, ReportedDeployment> | undefined> {
  const plane = await prisma.dataPlane.findFirst({ where: { organizationId, instanceId: gateway?.app.gateway.instanceId ?? "" } });
  const health = plane?.health as { deployments?: Record<string, ReportedDeployment> } | null | undefined;
  return health?.deployments;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

async function chat(): Promise<Response> {
  return fetch(`${gateway?.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${demoKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "hello" }] }),
  });
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  flaky = await startFakeOpenAI({});
  database = await createTestDatabase("cphealth");
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
  // A second route for demo-fast on its own upstream: cooldowns only apply to models with an alternative.
  const {
    id: _id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    options,
    ...first
  } = await prisma.modelDeployment.findFirstOrThrow({
    where: { organizationId, slug: "demo-fast-1" },
  });
  await prisma.modelDeployment.create({ data: { ...first, options: options ?? {}, slug: "demo-fast-2", apiBase: flaky.url } });
  await publishConfig(controlPlane.deps, organizationId, actor, { message: "second demo-fast route" });
});

afterAll(async () => {
  await gateway?.close();
  await controlPlane?.close();
  await upstream?.close();
  await flaky?.close();
  await closeDatabase?.();
  await database?.drop();
});

it("reports a failing deployment as cooling in its heartbeat, while the other stays healthy", async () => {
  const address = controlPlane?.server.address() as AddressInfo;
  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    masterKey,
    routingSeed: 7,
    controlPlane: { url: `http://127.0.0.1:${address.port}`, token, heartbeatIntervalMs: 200 },
  });
  await waitFor(async () => (await reported())?.["demo-fast-2"]?.state === "healthy", 10_000);
  expect(await reported()).toMatchObject({ "demo-fast-1": { state: "healthy" }, "demo-fast-2": { state: "healthy" } });

  flaky.fail({ type: "status", status: 500 }, { times: 100, endpoint: "chat" });
  // Requests still succeed (retried on demo-fast-1) while demo-fast-2 collects its three failures.
  let sent = 0;
  while (gateway.app.gateway.router.cooldownState("demo-fast-2") !== "cooling" && sent < 60) {
    const response = await chat();
    await response.body?.cancel();
    expect(response.status).toBe(200);
    sent++;
  }
  expect(gateway.app.gateway.router.cooldownState("demo-fast-2")).toBe("cooling");

  const started = Date.now();
  await waitFor(async () => (await reported())?.["demo-fast-2"]?.state === "cooling", 5_000);
  const deployments = await reported();
  expect(deployments?.["demo-fast-1"]).toMatchObject({ state: "healthy" });
  const cooling = deployments?.["demo-fast-2"];
  expect(cooling?.state).toBe("cooling");
  // Default cooldown: 30 s from the third failure.
  const until = Date.parse(cooling?.cooldownUntil ?? "");
  expect(until).toBeGreaterThan(started + 20_000);
  expect(until).toBeLessThan(started + 31_000);
  console.info(`deployment health: demo-fast-2 cooling after ${sent} requests, reported within one heartbeat`);
});
