import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  apiError,
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

/** Chi-square statistic of observed counts against expected proportions. */
function chiSquare(observed: readonly number[], proportions: readonly number[]): number {
  const total = observed.reduce((sum, count) => sum + count, 0);
  return observed.reduce((sum, count, index) => {
    const expected = total * (proportions[index] ?? 0);
    return sum + (count - expected) ** 2 / expected;
  }, 0);
}

async function sequential(count: number, model: string, headers?: Record<string, string>): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let index = 0; index < count; index++) answers.push(await ask(fleet.client, model, headers ? { headers } : {}));
  return answers;
}

beforeAll(async () => {
  upstreams = await startUpstreams(3);
  const [first, second, third] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig([
      { name: "weighted", deployments: [deployment("w-1", first, { weight: 1 }), deployment("w-3", second, { weight: 3 })] },
      {
        name: "canary",
        deployments: [deployment("stable", first, { weight: 95 }), deployment("canary", second, { weight: 5 })],
      },
      {
        name: "busy",
        routing: { strategy: "least-busy" },
        deployments: [deployment("busy-a", first), deployment("busy-b", second)],
      },
      {
        name: "fast",
        routing: { strategy: "latency" },
        deployments: [deployment("lat-slow", first), deployment("lat-quick", second), deployment("lat-mid", third)],
      },
      {
        name: "cheap",
        routing: { strategy: "cost" },
        deployments: [
          deployment("pricey", first, { price: { inputPerMTok: 2.5, outputPerMTok: 10 } }),
          deployment("bargain", second, { price: { inputPerMTok: 0.15, outputPerMTok: 0.6 } }),
          deployment("unpriced", third),
        ],
      },
      {
        name: "tagged",
        deployments: [
          deployment("eu-1", first, { tags: ["eu", "default"] }),
          deployment("us-1", second, { tags: ["us"] }),
          deployment("us-2", third, { tags: ["us", "batch"] }),
        ],
      },
    ]),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});

describe("routing strategies", () => {
  it("weighted: a 1:3 split within chi-square tolerance (p > 0.001)", async () => {
    const counts = tally(await sequential(400, "weighted"));
    const observed = [counts["w-1"] ?? 0, counts["w-3"] ?? 0];
    const statistic = chiSquare(observed, [0.25, 0.75]);
    console.log(`weighted 1:3 over 400 requests: w-1=${observed[0]}, w-3=${observed[1]}, chi-square=${statistic.toFixed(2)}`);
    expect((counts["w-1"] ?? 0) + (counts["w-3"] ?? 0)).toBe(400);
    // df = 1: 10.83 is the 0.1% critical value.
    expect(statistic).toBeLessThan(10.83);
  });

  it("canary by weight: 5% of traffic within a binomial bound", async () => {
    const counts = tally(await sequential(400, "canary"));
    const canary = counts.canary ?? 0;
    // Mean 20, sd ~4.4: 4 sd either side.
    expect(canary).toBeGreaterThanOrEqual(3);
    expect(canary).toBeLessThanOrEqual(38);
    expect((counts.stable ?? 0) + canary).toBe(400);
  });

  it("least-busy: concurrent requests spread evenly, then go where nothing is in flight", async () => {
    const [first, second] = upstreams as [FakeOpenAI, FakeOpenAI];
    // Every request held 300 ms upstream: four at once must split 2/2.
    first.fail({ type: "latency", ms: 300 }, { times: 2 });
    second.fail({ type: "latency", ms: 1_200 }, { times: 2 });
    const firstWave = Promise.all(Array.from({ length: 4 }, () => ask(fleet.client, "busy")));
    await new Promise((resolve) => setTimeout(resolve, 600));
    // busy-a's two have finished, busy-b still holds two: the next two both go to busy-a.
    const secondWave = await Promise.all(Array.from({ length: 2 }, () => ask(fleet.client, "busy")));
    expect(tally(await firstWave)).toEqual({ "busy-a": 2, "busy-b": 2 });
    expect(tally(secondWave)).toEqual({ "busy-a": 2 });
  });

  it("latency: after measuring each deployment once, the lowest EWMA takes the traffic", async () => {
    const [first, , third] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
    first.fail({ type: "latency", ms: 120 }, { times: 100 });
    third.fail({ type: "latency", ms: 40 }, { times: 100 });
    const answers = await sequential(12, "fast");
    // Unmeasured deployments are explored first (three requests), then the quickest wins.
    expect(new Set(answers.slice(0, 3).map((answer) => answer.deployment))).toEqual(new Set(["lat-slow", "lat-quick", "lat-mid"]));
    expect(tally(answers.slice(3))).toEqual({ "lat-quick": 9 });
    first.reset();
    third.reset();
  });

  it("cost: the cheapest priced deployment; the next cheapest when it cannot answer", async () => {
    expect(tally(await sequential(10, "cheap"))).toEqual({ bargain: 10 });
    const second = upstreams[1] as FakeOpenAI;
    second.fail({ type: "status", status: 503 }, { times: 1 });
    const answer = await ask(fleet.client, "cheap");
    expect(answer.deployment).toBe("pricey");
    expect(answer.attempts).toBe(2);
  });

  it("tags: header or metadata.tags pick tagged deployments; untagged requests use 'default'", async () => {
    const byHeader = tally(await sequential(20, "tagged", { "x-switchyard-tags": "us" }));
    expect(Object.keys(byHeader).sort()).toEqual(["us-1", "us-2"]);
    expect(tally(await sequential(5, "tagged", { "x-switchyard-tags": "batch" }))).toEqual({ "us-2": 5 });
    expect(tally(await sequential(10, "tagged"))).toEqual({ "eu-1": 10 });

    const { response } = await fleet.client.chat.completions
      .create({ model: "tagged", messages: [{ role: "user", content: "hi" }], metadata: { tags: "batch" } })
      .withResponse();
    expect(response.headers.get("x-switchyard-deployment")).toBe("us-2");

    const unknown = await apiError(ask(fleet.client, "tagged", { headers: { "x-switchyard-tags": "apac" } }));
    expect(unknown.status).toBe(400);
    expect(unknown.code).toBe("no_deployment_for_tags");
  });
});
