import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ask,
  chatCount,
  closeAll,
  deployment,
  type RoutingGateway,
  routingConfig,
  startRoutingGateway,
  startUpstreams,
  tally,
} from "./routing-helpers";

let upstreams: FakeOpenAI[];
let fleet: RoutingGateway;

beforeAll(async () => {
  upstreams = await startUpstreams(2);
  const [flaky, steady] = upstreams as [FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig([{ name: "pair", deployments: [deployment("flaky", flaky), deployment("steady", steady)] }], {
      allowedFailures: 2,
      failureWindowSeconds: 10,
      cooldownSeconds: 1,
      backoffMs: 10,
    }),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});

async function send(count: number) {
  const answers = [];
  for (let index = 0; index < count; index++) answers.push(await ask(fleet.client, "pair"));
  return answers;
}

describe("cooldowns", () => {
  it("stop traffic to a failing deployment, then let it back after cooldownSeconds (one probe first)", async () => {
    const [flaky, steady] = upstreams as [FakeOpenAI, FakeOpenAI];
    flaky.fail({ type: "status", status: 500 }, { times: 2 });

    // Two failures (allowedFailures) and flaky cools down; every request still succeeds on steady.
    const during = await send(20);
    expect(tally(during)).toEqual({ steady: 20 });
    expect(chatCount(flaky)).toBe(2);
    const metrics = await (await fetch(`${fleet.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_deployment_cooldowns_total\{deployment="flaky"\} 1/);
    expect(fleet.logs.text()).toContain("deployment cooling down");

    // After the cooldown the next request that picks flaky probes it; it has recovered.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const after = await send(20);
    expect(after.every((answer) => answer.attempts === 1)).toBe(true);
    const counts = tally(after);
    expect(counts.flaky ?? 0).toBeGreaterThan(3);
    expect(counts.steady ?? 0).toBeGreaterThan(3);
    expect(chatCount(steady)).toBe(20 + (counts.steady ?? 0));
  });

  it("a failed probe cools the deployment down again at once", async () => {
    const [flaky] = upstreams as [FakeOpenAI];
    flaky.reset();
    flaky.fail({ type: "status", status: 500 }, { times: 3 });
    // Two failures: cooling. Wait it out; the probe fails (third failure): cooling again.
    await send(12);
    expect(chatCount(flaky)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await send(12);
    expect(chatCount(flaky)).toBe(3);
    // Healthy again after the second cooldown.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const answers = await send(12);
    expect(tally(answers).flaky ?? 0).toBeGreaterThan(0);
  });
});
