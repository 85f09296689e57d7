import { createServer } from "node:net";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../src/routing/random";
import { type ChaosProxy, startChaosProxy } from "./chaos-proxy";
import { closeAll, deployment, hello, type RoutingGateway, routingConfig, startRoutingGateway, startUpstreams } from "./routing-helpers";

let upstreams: FakeOpenAI[];
let proxies: ChaosProxy[];
let fleet: RoutingGateway;
let downBase: string;

const totalRequests = 500;
const concurrency = 10;
const streamShare = 0.3;
/** Share of requests each flaky deployment fails, independently per request. */
const failureRate = 0.35;

async function closedPortBase(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return `http://127.0.0.1:${address.port}/v1`;
}

/** Three flaky deployments behind chaos proxies, one refusing every connection, one healthy, and a healthy fallback model. */
function config(cooldownSeconds: number) {
  const [healthy, backup] = upstreams as [FakeOpenAI, FakeOpenAI];
  const [flakyA, flakyB, flakyC] = proxies as [ChaosProxy, ChaosProxy, ChaosProxy];
  return routingConfig(
    [
      {
        name: "resilient",
        deployments: [
          deployment("flaky-a", flakyA.url, { weight: 3 }),
          deployment("flaky-b", flakyB.url, { weight: 3 }),
          deployment("flaky-c", flakyC.url, { weight: 3 }),
          deployment("down", downBase, { weight: 2 }),
          deployment("healthy", healthy, { weight: 1 }),
        ],
        fallbacks: ["resilient-backup"],
      },
      { name: "resilient-backup", deployments: [deployment("backup", backup, { model: "demo-smart" })] },
    ],
    { retries: 2, allowedFailures: 4, failureWindowSeconds: 2, cooldownSeconds, backoffMs: 20, maxRetryWaitMs: 500 },
  );
}

beforeAll(async () => {
  upstreams = await startUpstreams(3);
  const flakyTarget = upstreams[2] as FakeOpenAI;
  proxies = await Promise.all([11, 12, 13].map((seed) => startChaosProxy(flakyTarget.url, failureRate, seededRandom(seed))));
  downBase = await closedPortBase();
  fleet = await startRoutingGateway(config(1));
});
afterAll(async () => {
  await fleet.close();
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await closeAll(upstreams);
});

interface LoadResult {
  readonly failures: number;
  readonly errors: string[];
  readonly retried: number;
  readonly absorbed: number;
  readonly attempts: number;
  readonly cooldowns: number;
}

async function metricTotal(pattern: RegExp, keep: (label: string) => boolean = () => true): Promise<number> {
  const metrics = await (await fetch(`${fleet.gateway.url}/metrics`)).text();
  return [...metrics.matchAll(pattern)].filter((match) => keep(match[1] ?? "")).reduce((sum, match) => sum + Number(match[2]), 0);
}

const attemptsPattern = /^switchyard_upstream_attempts_total\{[^}]*outcome="(\w+)"\} (\d+)/gm;
const cooldownsPattern = /^switchyard_deployment_cooldowns_total\{deployment="([^"]+)"\} (\d+)/gm;

/** Sends totalRequests (some streamed) through the gateway; counts what the client saw. */
async function runLoad(label: string, seed: number): Promise<LoadResult> {
  const random = seededRandom(seed);
  const absorbedBefore = await metricTotal(attemptsPattern, (outcome) => outcome !== "success");
  const cooldownsBefore = await metricTotal(cooldownsPattern);
  const dealtBefore = proxies.reduce((sum, proxy) => sum + Object.values(proxy.dealt).reduce((a, b) => a + b, 0), 0);
  let next = 0;
  let failures = 0;
  let streams = 0;
  let attempts = 0;
  let retried = 0;
  let fellBack = 0;
  const errors: string[] = [];
  const started = performance.now();
  const worker = async () => {
    while (next < totalRequests) {
      next++;
      const stream = random() < streamShare;
      try {
        let headers: Headers;
        if (stream) {
          streams++;
          const { data, response } = await fleet.client.chat.completions
            .create({ model: "resilient", messages: hello, stream: true })
            .withResponse();
          let text = "";
          for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? "";
          if (text.length === 0) throw new Error("empty stream");
          headers = response.headers;
        } else {
          const { data, response } = await fleet.client.chat.completions.create({ model: "resilient", messages: hello }).withResponse();
          if (!data.choices[0]?.message.content) throw new Error("empty answer");
          headers = response.headers;
        }
        const count = Number(headers.get("x-switchyard-attempts") ?? 0);
        attempts += count;
        if (count > 1) retried++;
        if (headers.get("x-switchyard-deployment") === "backup") fellBack++;
      } catch (error) {
        failures++;
        errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const absorbed = (await metricTotal(attemptsPattern, (outcome) => outcome !== "success")) - absorbedBefore;
  const cooldowns = (await metricTotal(cooldownsPattern)) - cooldownsBefore;
  const dealt = proxies.reduce((sum, proxy) => sum + Object.values(proxy.dealt).reduce((a, b) => a + b, 0), 0) - dealtBefore;
  console.log(
    `resilience (${label}): ${totalRequests} requests (${streams} streamed, concurrency ${concurrency}) in ${seconds.toFixed(1)} s; ` +
      `client-visible failures: ${failures}; faults dealt by the chaos proxies: ${dealt} ` +
      `(each flaky deployment fails ${failureRate * 100}% of what reaches it; plus one deployment refusing every connection); ` +
      `failed upstream attempts absorbed: ${absorbed}; upstream attempts: ${attempts}; requests retried: ${retried}; ` +
      `answered by the fallback model: ${fellBack}; cooldowns started: ${cooldowns}`,
  );
  return { failures, errors, retried, absorbed, attempts, cooldowns };
}

describe("resilience under random upstream failures", () => {
  it(`${totalRequests} requests, random faults on three deployments and one down, cooldowns on: no client-visible failure`, async () => {
    const result = await runLoad("cooldowns 1 s", 20_261_122);
    expect(result.errors).toEqual([]);
    expect(result.failures).toBe(0);
    expect(result.absorbed).toBe(result.attempts - totalRequests);
    expect(result.cooldowns).toBeGreaterThan(0);
  });

  it("the same with cooldowns off: retries and fallbacks alone absorb every fault", async () => {
    expect(fleet.gateway.app.gateway.store.apply(config(0), { source: "test" }).ok).toBe(true);
    const result = await runLoad("cooldowns off", 7_031_947);
    expect(result.errors).toEqual([]);
    expect(result.failures).toBe(0);
    expect(result.absorbed).toBe(result.attempts - totalRequests);
    expect(result.absorbed).toBeGreaterThan(150);
    expect(result.cooldowns).toBe(0);
  });
});
