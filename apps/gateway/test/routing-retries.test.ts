import { createServer } from "node:net";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  apiError,
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
let closedBase: string;

async function closedPortBase(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return `http://127.0.0.1:${address.port}/v1`;
}

beforeAll(async () => {
  upstreams = await startUpstreams(4);
  closedBase = await closedPortBase();
  const [a, b, c, d] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI, FakeOpenAI];
  fleet = await startRoutingGateway(
    routingConfig(
      [
        // Two deployments, cooldowns long enough not to end during a test.
        { name: "pair", deployments: [deployment("pair-a", a), deployment("pair-b", b)] },
        { name: "solo", deployments: [deployment("solo-1", c)] },
        {
          name: "embed-pair",
          mode: "embedding",
          deployments: [
            deployment("embed-a", a, { model: "demo-embed", weight: 100 }),
            deployment("embed-b", b, { model: "demo-embed", weight: 0 }),
          ],
        },
        { name: "refused", deployments: [deployment("refused-1", closedBase), deployment("refused-2", d)] },
        // The spare has weight 0: a standby that takes traffic only when rpm-3 cannot.
        { name: "limited", deployments: [deployment("rpm-3", a, { rpm: 3 }), deployment("spare", b, { weight: 0 })] },
        { name: "capped", deployments: [deployment("cap-only", c, { rpm: 2 })] },
        { name: "tokens", deployments: [deployment("tpm-150", d, { tpm: 150 }), deployment("tpm-standby", b, { weight: 0 })] },
        {
          name: "parallel",
          routing: { strategy: "weighted" },
          deployments: [deployment("one-at-a-time", a, { maxParallel: 1, weight: 100 }), deployment("overflow", b, { weight: 0 })],
        },
        {
          name: "timed",
          deployments: [deployment("slow-1", c, { timeoutMs: 200, weight: 100 }), deployment("backup-1", d, { weight: 0 })],
        },
      ],
      { retries: 2, cooldownSeconds: 30, allowedFailures: 3, backoffMs: 50, maxRetryWaitMs: 2_000 },
    ),
  );
});
afterAll(async () => {
  await fleet.close();
  await closeAll(upstreams);
});
beforeEach(() => {
  for (const upstream of upstreams) upstream.reset();
});

describe("retries", () => {
  it("a 500-returning deployment is retried on the other one, then skipped once it cools down", async () => {
    const [a, b] = upstreams as [FakeOpenAI, FakeOpenAI];
    a.fail({ type: "status", status: 500 }, { times: 1_000 });
    const answers = [];
    for (let index = 0; index < 20; index++) answers.push(await ask(fleet.client, "pair"));
    // Every request succeeded on pair-b; those that tried pair-a first took two attempts.
    expect(tally(answers)).toEqual({ "pair-b": 20 });
    const retried = answers.filter((answer) => answer.attempts === 2).length;
    expect(retried).toBeGreaterThan(0);
    // allowedFailures = 3: pair-a saw exactly three requests, then none while cooling down.
    expect(chatCount(a)).toBe(3);
    expect(retried).toBe(3);
    expect(chatCount(b)).toBe(20);
  });

  it("a transient 500 on a model's only deployment is retried there after a backoff", async () => {
    const c = upstreams[2] as FakeOpenAI;
    c.fail({ type: "status", status: 500 }, { times: 2 });
    const answer = await ask(fleet.client, "solo");
    expect(answer).toMatchObject({ deployment: "solo-1", attempts: 3 });
    expect(chatCount(c)).toBe(3);
  });

  it("gives up after routing.retries and answers with the upstream's error", async () => {
    const c = upstreams[2] as FakeOpenAI;
    c.fail({ type: "status", status: 502 }, { times: 10 });
    const error = await apiError(ask(fleet.client, "solo"));
    expect(error.status).toBe(502);
    expect(error.headers?.get("x-switchyard-attempts")).toBe("3");
    expect(chatCount(c)).toBe(3);
  });

  it("honours a 429's retry-after before retrying the same deployment (measured)", async () => {
    const c = upstreams[2] as FakeOpenAI;
    c.fail({ type: "rate-limit", retryAfterSeconds: 1 });
    const started = performance.now();
    const answer = await ask(fleet.client, "solo");
    const waited = performance.now() - started;
    console.log(`429 retry-after 1 s: answered after ${Math.round(waited)} ms in ${answer.attempts} attempts`);
    expect(answer).toMatchObject({ deployment: "solo-1", attempts: 2 });
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2_500);
  });

  it("a retry-after longer than maxRetryWaitMs moves to another deployment at once and keeps the first out", async () => {
    const [a, b] = upstreams as [FakeOpenAI, FakeOpenAI];
    a.fail({ type: "rate-limit", retryAfterSeconds: 30 }, { times: 100 });
    b.fail({ type: "rate-limit", retryAfterSeconds: 30 }, { times: 1 });
    // pair-a is cooling down from the first test: make pair-b the 429 and see the request end quickly.
    const started = performance.now();
    const error = await apiError(ask(fleet.client, "pair"));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error.status).toBe(429);
    expect(error.headers?.get("retry-after")).toBe("30");
    expect(chatCount(b)).toBe(1);
    // Both now cool for the retry-after: the gateway says so instead of calling them.
    const unavailable = await apiError(ask(fleet.client, "pair"));
    expect(unavailable.status).toBe(503);
    expect(unavailable.code).toBe("no_deployment_available");
    expect(Number(unavailable.headers?.get("retry-after"))).toBeGreaterThan(20);
    expect(chatCount(b)).toBe(1);
  });

  it("embeddings are retried on another deployment too", async () => {
    const [a] = upstreams as [FakeOpenAI];
    a.fail({ type: "status", status: 500 }, { endpoint: "embeddings" });
    const { data, response } = await fleet.client.embeddings.create({ model: "embed-pair", input: "hello" }).withResponse();
    expect(data.data).toHaveLength(1);
    expect(response.headers.get("x-switchyard-deployment")).toBe("embed-b");
    expect(response.headers.get("x-switchyard-attempts")).toBe("2");
  });

  it("a refused connection moves to the next deployment", async () => {
    const answers = [];
    for (let index = 0; index < 6; index++) answers.push(await ask(fleet.client, "refused"));
    expect(tally(answers)).toEqual({ "refused-2": 6 });
  });

  it("a deployment slower than its timeoutMs is abandoned for the next", async () => {
    const [, , c] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
    c.fail({ type: "latency", ms: 1_500 }, { times: 1 });
    const started = performance.now();
    const answer = await ask(fleet.client, "timed");
    expect(answer).toMatchObject({ deployment: "backup-1", attempts: 2 });
    // undici's timers are coarse (the core gateway's own 504 test allows the same).
    expect(performance.now() - started).toBeLessThan(1_400);
  });
});

describe("deployment limits", () => {
  it("rpm: the router sends the overflow to the other deployment instead of earning a 429", async () => {
    const answers = [];
    for (let index = 0; index < 10; index++) answers.push(await ask(fleet.client, "limited"));
    const counts = tally(answers);
    expect(counts["rpm-3"]).toBe(3);
    expect(counts.spare).toBe(7);
    expect(answers.every((answer) => answer.attempts === 1)).toBe(true);
  });

  it("rpm: with nowhere else to go the gateway answers 429 itself, without calling the upstream", async () => {
    const c = upstreams[2] as FakeOpenAI;
    await ask(fleet.client, "capped");
    await ask(fleet.client, "capped");
    const error = await apiError(ask(fleet.client, "capped"));
    expect(error.status).toBe(429);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(0);
    expect(chatCount(c)).toBe(2);
  });

  it("tpm: estimates are charged up front and corrected with the real usage", async () => {
    const body = { model: "tokens", messages: [{ role: "user" as const, content: "hello" }], max_tokens: 100 };
    // What the router charges before the answer: request bytes / 4 + max_tokens (~120 of the 150 per minute).
    const estimate = Math.ceil(JSON.stringify(body).length / 4) + body.max_tokens;
    const usages: number[] = [];
    let overflowed = false;
    for (let index = 0; index < 20 && !overflowed; index++) {
      const { data, response } = await fleet.client.chat.completions.create(body).withResponse();
      if (response.headers.get("x-switchyard-deployment") === "tpm-150") usages.push(data.usage?.total_tokens ?? 0);
      else overflowed = true;
      // The correction is applied when the response closes.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const used = usages.reduce((sum, tokens) => sum + tokens, 0);
    const last = usages.at(-1) ?? 0;
    expect(overflowed).toBe(true);
    // Without the correction only one request would have fit.
    expect(usages.length).toBeGreaterThanOrEqual(2);
    // Each admitted request fit with the real usage of those before it, and the overflow did not.
    expect(used - last + estimate).toBeLessThanOrEqual(150);
    expect(used + estimate).toBeGreaterThan(150);
  });

  it("maxParallel: a busy deployment's overflow goes to the standby", async () => {
    const a = upstreams[0] as FakeOpenAI;
    a.fail({ type: "latency", ms: 300 }, { times: 1 });
    const answers = await Promise.all(Array.from({ length: 3 }, () => ask(fleet.client, "parallel")));
    expect(tally(answers)).toEqual({ "one-at-a-time": 1, overflow: 2 });
    // Once it is free again it takes traffic again.
    expect((await ask(fleet.client, "parallel")).deployment).toBe("one-at-a-time");
  });
});
