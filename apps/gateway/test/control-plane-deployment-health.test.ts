import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";
import { type DemoControlPlane, startDemoControlPlane, waitFor } from "./control-plane-harness";

/**
 * The real control plane and a real gateway (issue 7, deployment health): the heartbeat carries
 * each deployment's routing state, so a deployment whose upstream fails is reported cooling down
 * in the DataPlane row the console reads, while its sibling stays healthy.
 */

let cp: DemoControlPlane;
let upstream: FakeOpenAI;
let flaky: FakeOpenAI;
let gateway: RunningGateway | undefined;

interface ReportedDeployment {
  state: string;
  cooldownUntil?: string;
}

async function reported(): Promise<Record<string, ReportedDeployment> | undefined> {
  const plane = await cp.prisma.dataPlane.findFirst({
    where: { organizationId: cp.organizationId, instanceId: gateway?.app.gateway.instanceId ?? "" },
  });
  const health = plane?.health as { deployments?: Record<string, ReportedDeployment> } | null | undefined;
  return health?.deployments;
}

async function chat(): Promise<Response> {
  return fetch(`${gateway?.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${cp.demoKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "hello" }] }),
  });
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  flaky = await startFakeOpenAI({});
  cp = await startDemoControlPlane({ label: "cphealth", demoProviderUrl: upstream.url });
  // A second route for demo-fast on its own upstream: cooldowns only apply to models with an alternative.
  const {
    id: _id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    options,
    ...first
  } = await cp.prisma.modelDeployment.findFirstOrThrow({
    where: { organizationId: cp.organizationId, slug: "demo-fast-1" },
  });
  await cp.prisma.modelDeployment.create({ data: { ...first, options: options ?? {}, slug: "demo-fast-2", apiBase: flaky.url } });
  await cp.publish({ message: "second demo-fast route" });
});

afterAll(async () => {
  await gateway?.close();
  await cp?.close();
  await upstream?.close();
  await flaky?.close();
});

it("reports a failing deployment as cooling in its heartbeat, while the other stays healthy", async () => {
  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    masterKey: cp.masterKey,
    routingSeed: 7,
    controlPlane: { url: cp.url, token: cp.token, heartbeatIntervalMs: 200 },
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
