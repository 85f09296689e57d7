import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DefaultRouter } from "../src/routing/create-router";
import {
  ask,
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

function isHealthy(id: string): boolean {
  return (fleet.gateway.app.gateway.router as DefaultRouter).health.isHealthy(id);
}

/** Health probes are one-token completions; user requests here never set max_tokens. */
function probes(upstream: FakeOpenAI): number {
  return upstream.requests.filter((request) => (request.body as { max_tokens?: number } | undefined)?.max_tokens === 1).length;
}

beforeAll(async () => {
  upstreams = await startUpstreams(2);
  const [watched, other] = upstreams as [FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig(
      [
        {
          name: "checked",
          deployments: [
            deployment("watched", watched, { healthCheck: { intervalSeconds: 1, timeoutMs: 500 } }),
            deployment("other", other),
          ],
        },
      ],
      // Cooldowns off: only health checks decide here.
      { cooldownSeconds: 0, backoffMs: 10 },
    ),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});

describe("background health checks", () => {
  it("probe each deployment with healthCheck on an interval; a failing one is skipped until a probe passes", async () => {
    const [watched] = upstreams as [FakeOpenAI];
    await vi.waitFor(() => expect(probes(watched)).toBeGreaterThanOrEqual(1), { timeout: 2_000 });
    expect(isHealthy("watched")).toBe(true);

    watched.fail({ type: "status", status: 500 }, { times: 10_000 });
    await vi.waitFor(() => expect(isHealthy("watched")).toBe(false), { timeout: 2_500 });
    const metrics = await (await fetch(`${fleet.gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchyard_deployment_healthy\{deployment="watched"\} 0/);

    const userRequestsBefore = watched.requests.length - probes(watched);
    const answers = [];
    for (let index = 0; index < 20; index++) answers.push(await ask(fleet.client, "checked"));
    expect(tally(answers)).toEqual({ other: 20 });
    expect(watched.requests.length - probes(watched)).toBe(userRequestsBefore);

    watched.reset();
    await vi.waitFor(() => expect(isHealthy("watched")).toBe(true), { timeout: 2_500 });
    const recovered = [];
    for (let index = 0; index < 20; index++) recovered.push(await ask(fleet.client, "checked"));
    expect(tally(recovered).watched ?? 0).toBeGreaterThan(3);
  });
});
