import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../src/server";
import { type DemoControlPlane, startDemoControlPlane, waitFor } from "./control-plane-harness";

/**
 * The real control plane and a real gateway together (issue: versioned config push):
 * a published version reaches a running gateway within 2 s, a rollback does too, the
 * gateway reports what it runs, and with the control plane down a restarted gateway
 * boots from its last-known-good file and keeps serving.
 */

let cp: DemoControlPlane;
let upstream: FakeOpenAI;
let dataDir: string;
let gateway: RunningGateway | undefined;

async function modelIds(url: string): Promise<string[]> {
  const response = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${cp.demoKey}` } });
  if (response.status !== 200) return [];
  const body = (await response.json()) as { data: { id: string }[] };
  return body.data.map((model) => model.id).sort();
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  cp = await startDemoControlPlane({ label: "cpsync", demoProviderUrl: upstream.url });
  dataDir = await mkdtemp(join(tmpdir(), "switchyard-cp-sync-"));
});

afterAll(async () => {
  await gateway?.close();
  await cp?.close();
  await upstream?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it("serves the published demo config pulled from the control plane", async () => {
  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    masterKey: cp.masterKey,
    controlPlane: { url: cp.url, token: cp.token, dataDir, heartbeatIntervalMs: 200 },
  });
  await waitFor(async () => (await fetch(`${gateway?.url}/readyz`)).status === 200, 10_000);
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${cp.demoKey}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: "hello" }] }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("x-switchyard-deployment")).toBe("demo-fast-1");
  expect(await modelIds(gateway.url)).toEqual(["demo-fast", "demo-smart"]);
});

it("applies a newly published version within 2 s, and a rollback too", async () => {
  const url = gateway?.url ?? "";
  await cp.prisma.modelDeployment.updateMany({
    where: { organizationId: cp.organizationId, slug: "demo-smart-1" },
    data: { enabled: false },
  });
  const published = await cp.publish({ message: "disable demo-smart" });
  const applyMs = await waitFor(async () => !(await modelIds(url)).includes("demo-smart"), 2_000);
  expect(applyMs).toBeLessThan(2_000);

  // The gateway tells the control plane which version it runs.
  await waitFor(async () => {
    const planes = await cp.prisma.dataPlane.findMany({ where: { organizationId: cp.organizationId } });
    return planes.some((plane) => plane.appliedVersion === published.version.number);
  }, 5_000);

  const first = await cp.prisma.configVersion.findFirstOrThrow({ where: { organizationId: cp.organizationId, number: 1 } });
  const rolledBack = await cp.publish({ message: "roll back to 1", restore: { snapshot: first.snapshot, number: first.number } });
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
  await cp.stop();
  step("control plane closed");

  gateway = await startGateway({
    port: 0,
    host: "127.0.0.1",
    logger: false,
    masterKey: cp.masterKey,
    controlPlane: { url: cp.url, token: cp.token, dataDir },
  });
  step("second gateway started");
  await waitFor(async () => (await fetch(`${gateway?.url}/readyz`)).status === 200, 10_000);
  step("second gateway ready");
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${cp.demoKey}`, "content-type": "application/json" },
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
