import type { GatewayConfigInput } from "@switchyard/schemas";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import type { Redis } from "ioredis";
import { request } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { minuteWindow } from "../src/governance/limits/windows";
import {
  awaitWindowRoom,
  chatBody,
  count,
  type GatewayPair,
  type GovernedGateway,
  metric,
  post,
  redisPrefix,
  startGatewayPair,
} from "./governance-helpers";

/**
 * Two gateways on one Redis, hundreds of concurrent requests: the limits of a key, its user and
 * its team hold exactly across both, not once per gateway.
 */

const rpmKey = "sk-sy-gov-rpm-000000000001";
const tpmKey = "sk-sy-gov-tpm-000000000002";
const parallelKey = "sk-sy-gov-par-000000000003";
const teamKeyA = "sk-sy-gov-team-a-000000004";
const teamKeyB = "sk-sy-gov-team-b-000000005";
const userKey = "sk-sy-gov-user-00000000006";
const freeKey = "sk-sy-gov-free-00000000007";

let upstream: FakeOpenAI;
let first: GovernedGateway;
let second: GovernedGateway;
let redis: Redis;
let pair: GatewayPair | undefined;
const { prefix } = redisPrefix("limits");

function config(fake: FakeOpenAI): GatewayConfigInput {
  return {
    version: 1,
    models: [
      { name: "demo-fast", deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url, timeoutMs: 10_000 }] },
    ],
    teams: [{ id: "limited-team", rpm: 40 }, { id: "research" }],
    users: [{ id: "user-7", rpm: 25 }],
    keys: [
      { key: rpmKey, id: "key-rpm", name: "rpm-bot", team: "research", rpm: 100 },
      { key: tpmKey, id: "key-tpm", name: "tpm-bot", team: "research", tpm: 1_000 },
      { key: parallelKey, id: "key-par", name: "par-bot", team: "research", maxParallel: 3 },
      { key: teamKeyA, id: "key-team-a", team: "limited-team" },
      { key: teamKeyB, id: "key-team-b", team: "limited-team" },
      { key: userKey, id: "key-user", team: "research", user: "user-7" },
      { key: freeKey, id: "key-free", team: "research" },
    ],
  };
}

beforeAll(async () => {
  pair = await startGatewayPair(prefix, config);
  ({ upstream, first, second, redis } = pair);
});
afterAll(() => pair?.close());
beforeEach(() => upstream.reset());

/** Fires `total` requests at once, alternating between the two gateways. */
async function burst(total: number, key: string, body: () => Record<string, unknown>) {
  return Promise.all(
    Array.from({ length: total }, (_, index) => post(`${(index % 2 === 0 ? first : second).gateway.url}/v1/chat/completions`, key, body())),
  );
}

describe("limits shared by two gateways on one Redis", () => {
  it("admits exactly the key's RPM out of 300 concurrent requests, with OpenAI's 429 and headers", async () => {
    await awaitWindowRoom();
    const replies = await burst(300, rpmKey, () => chatBody("hello"));
    expect(count(replies, (reply) => reply.status === 200)).toBe(100);
    expect(count(replies, (reply) => reply.status === 429)).toBe(200);
    // Both gateways admitted some: the limit is shared, not per instance.
    const admitted = replies.filter((reply) => reply.status === 200);
    const admittedBy = new Set(replies.flatMap((reply, index) => (reply.status === 200 ? [index % 2] : [])));
    expect(admittedBy).toEqual(new Set([0, 1]));

    const ok = admitted[0];
    expect(ok?.headers["x-ratelimit-limit-requests"]).toBe("100");
    expect(Number(ok?.headers["x-ratelimit-remaining-requests"])).toBeLessThan(100);
    expect(ok?.headers["x-ratelimit-reset-requests"]).toMatch(/^(\d+m)?\d+(\.\d+)?s$|^\d+ms$/);

    const refused = replies.find((reply) => reply.status === 429);
    expect(refused?.json()).toEqual({
      error: {
        message: expect.stringMatching(
          /^Rate limit reached for key 'rpm-bot' on requests per min \(RPM\): Limit 100, Used 100, Requested 1\./,
        ),
        type: "rate_limit_error",
        param: null,
        code: "rate_limit_exceeded",
      },
    });
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(Number(refused?.headers["retry-after"])).toBeLessThanOrEqual(61);
    expect(refused?.headers["x-ratelimit-remaining-requests"]).toBe("0");
    expect(refused?.headers["x-ratelimit-limit-requests"]).toBe("100");
    // Refused requests never reached the upstream.
    expect(upstream.requests.length).toBe(100);
    expect(await metric(first.gateway.url, "switchyard_limit_rejections_total", { principal: "key", limit: "rpm" })).toBeGreaterThan(0);
  });

  it("admits exactly TPM / reserved tokens, then settles each reservation to the real usage", async () => {
    await awaitWindowRoom();
    // Every answer waits, so all 120 reservations are decided before any settles.
    upstream.fail({ type: "latency", ms: 3_000 }, { times: 1_000 });
    const content = "x".repeat(40); // 10 tokens estimated + 7 framing; 33 max → 50 reserved
    const replies = await burst(120, tpmKey, () => chatBody(content, { max_tokens: 33 }));
    const admitted = replies.filter((reply) => reply.status === 200);
    expect(admitted.length).toBe(20);
    expect(count(replies, (reply) => reply.status === 429)).toBe(100);
    const refused = replies.find((reply) => reply.status === 429);
    expect(refused?.json<{ error: { message: string } }>().error.message).toMatch(
      /tokens per min \(TPM\): Limit 1000, Used \d+, Requested 50/,
    );
    expect(refused?.headers["x-ratelimit-limit-tokens"]).toBe("1000");

    // After settlement the window holds what the provider reported, not the reservations.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = admitted.reduce((sum, reply) => {
      const usage = reply.json<{ usage: { prompt_tokens: number; completion_tokens: number } }>().usage;
      return sum + usage.prompt_tokens + usage.completion_tokens;
    }, 0);
    expect(used).toBeLessThan(1_000);
    const window = minuteWindow(Date.now()).id;
    expect(Number(await redis.get(`${prefix}{default}:tpm:key:key-tpm:${window}`))).toBe(used);

    // The headers of a later admission report the settled remainder.
    upstream.reset();
    const next = await post(`${first.gateway.url}/v1/chat/completions`, tpmKey, chatBody(content, { max_tokens: 33 }));
    expect(next.status).toBe(200);
    expect(Number(next.headers["x-ratelimit-remaining-tokens"])).toBe(1_000 - used - 50);
  });

  it("holds max-parallel across both gateways and frees a slot when a request completes", async () => {
    upstream.fail({ type: "latency", ms: 1_000 }, { times: 1_000 });
    const replies = await burst(12, parallelKey, () => chatBody("hello"));
    expect(count(replies, (reply) => reply.status === 200)).toBe(3);
    const refused = replies.find((reply) => reply.status === 429);
    expect(refused?.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: "rate_limit_exceeded",
      message: expect.stringContaining("Too many parallel requests for key 'par-bot': Limit 3."),
    });
    upstream.reset();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const after = await burst(3, parallelKey, () => chatBody("again"));
    expect(after.map((reply) => reply.status)).toEqual([200, 200, 200]);
  });

  it("releases a max-parallel slot when the client gives up", async () => {
    upstream.fail({ type: "latency", ms: 5_000 }, { times: 3 });
    const controller = new AbortController();
    const abandoned = Array.from({ length: 3 }, () =>
      request(`${first.gateway.url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${parallelKey}` },
        body: JSON.stringify(chatBody("slow")),
        signal: controller.signal,
      }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await post(`${second.gateway.url}/v1/chat/completions`, parallelKey, chatBody("blocked"))).status).toBe(429);
    controller.abort();
    await Promise.all(abandoned);
    await new Promise((resolve) => setTimeout(resolve, 200));
    upstream.reset();
    expect((await post(`${second.gateway.url}/v1/chat/completions`, parallelKey, chatBody("free again"))).status).toBe(200);
  });

  it("counts a team's limit over all its keys and a user's over theirs", async () => {
    await awaitWindowRoom();
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, index) =>
        post(
          `${(index % 2 === 0 ? first : second).gateway.url}/v1/chat/completions`,
          index % 3 === 0 ? teamKeyA : teamKeyB,
          chatBody("team"),
        ),
      ),
    );
    expect(count(replies, (reply) => reply.status === 200)).toBe(40);
    expect(replies.find((reply) => reply.status === 429)?.text).toContain("team 'limited-team'");

    const users = await burst(60, userKey, () => chatBody("user"));
    expect(count(users, (reply) => reply.status === 200)).toBe(25);
    expect(users.find((reply) => reply.status === 429)?.text).toContain("user 'user-7'");
  });

  it("leaves keys without limits alone and sends no rate-limit headers for them", async () => {
    const replies = await burst(50, freeKey, () => chatBody("free"));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(replies[0]?.headers["x-ratelimit-limit-requests"]).toBeUndefined();
  });
});
