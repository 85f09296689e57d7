import { uniqueRedisPrefix } from "@switchyard/testkit/redis";
import type { FastifyBaseLogger } from "fastify";
import { afterAll, describe, expect, it, vi } from "vitest";
import { AllowanceBackend, type AllowanceOptions, defaultAllowanceOptions } from "../src/governance/limits/allowances";
import type { AdmitInput, AdmitOutcome, CounterSpec } from "../src/governance/limits/backend";
import { RedisBackend } from "../src/governance/limits/redis-backend";
import { minuteWindow } from "../src/governance/limits/windows";
import { RedisBatcher } from "../src/governance/redis/batch";
import { chatBody, type GatewayPair, metric, post, startGatewayPair, useRedisClient } from "./governance-helpers";

/**
 * Allowances (limits/allowances.ts) against a real Redis: a busy principal's requests are charged
 * from per-gateway slices of its counters, with no round trip, and gateways together still never
 * admit past a limit.
 */

const { prefix, client } = useRedisClient("allowances");
const silent = { warn: () => {}, debug: () => {} } as unknown as FastifyBaseLogger;

const sum = (key: string, limit: number, amount = 1, soft?: number): CounterSpec => ({
  key,
  kind: "sum",
  limit,
  amount,
  ttlMs: 60_000,
  soft,
});
let ids = 0;
const input = (counters: CounterSpec[], allowances = true): AdmitInput => ({
  requestId: `r${ids++}`,
  nowMs: Date.now(),
  counters,
  allowances,
});
const backends: AllowanceBackend[] = [];
function allowanceBackend(options: Partial<AllowanceOptions> = {}): AllowanceBackend {
  const backend = new AllowanceBackend(new RedisBackend(new RedisBatcher(client, 2_000)), silent, {
    ...defaultAllowanceOptions,
    ...options,
  });
  backends.push(backend);
  return backend;
}
afterAll(() => Promise.all(backends.map((backend) => backend.close())));

async function admitMany(backend: AllowanceBackend, counters: CounterSpec[], times: number): Promise<AdmitOutcome[]> {
  const outcomes: AdmitOutcome[] = [];
  for (let index = 0; index < times; index++) outcomes.push(await backend.admit(input(counters)));
  return outcomes;
}

describe("allowances", () => {
  it("charges a busy principal from an allowance: most admits make no Redis call, and every unit is accounted for", async () => {
    const backend = allowanceBackend();
    const key = `${prefix}{a}:rpm`;
    const calls = vi.spyOn(client, "switchyardBatch");
    const outcomes = await admitMany(backend, [sum(key, 1_000_000)], 3_000);
    const scriptCalls = calls.mock.calls.length;
    calls.mockRestore();
    expect(outcomes.every((outcome) => outcome.type === "admitted")).toBe(true);
    // The allowance doubles while asks come fast: 4, 8, 16, ... — a dozen round trips, not 3,000.
    expect(scriptCalls).toBeLessThan(40);
    // Headers see what was used, not what this gateway holds.
    expect(outcomes.at(-1)).toEqual({ type: "admitted", values: [3_000] });
    const held = backend.held(key);
    expect(held).toBeGreaterThan(0);
    expect(Number(await client.get(key))).toBe(3_000 + held);
    await backend.close();
    expect(Number(await client.get(key))).toBe(3_000);
  });

  it("never admits past the limit across two gateways, and admits all of it", async () => {
    const [first, second] = [allowanceBackend(), allowanceBackend()];
    const key = `${prefix}{b}:rpm`;
    const tokens = `${prefix}{b}:tpm`;
    const counters = [sum(key, 10_000), sum(tokens, 5_000_000, 20)];
    let admitted = 0;
    // Each gateway runs 8 callers that stop after 20 refusals in a row each.
    const caller = async (backend: AllowanceBackend) => {
      for (let refusals = 0; refusals < 20; ) {
        const outcome = await backend.admit(input(counters));
        if (outcome.type === "admitted") {
          admitted++;
          refusals = 0;
        } else refusals++;
      }
    };
    await Promise.all([first, second].flatMap((backend) => Array.from({ length: 8 }, () => caller(backend))));
    // A gateway draws on its own allowance before it asks Redis, so neither stops holding one.
    expect(admitted).toBe(10_000);
    expect(first.held(key) + second.held(key)).toBe(0);
    expect(Number(await client.get(key))).toBe(10_000);
    await Promise.all([first.close(), second.close()]);
    expect(Number(await client.get(tokens))).toBe(200_000);
  });

  it("puts settlements into the allowance without a round trip, and gives unused allowances back when idle", async () => {
    const backend = allowanceBackend({ idleMs: 150 });
    const key = `${prefix}{c}:tpm`;
    await admitMany(backend, [sum(key, 10_000_000, 100)], 50);
    const before = backend.held(key);
    const calls = vi.spyOn(client, "switchyardBatch");
    const settled = await backend.settle("r-settle", [{ key, kind: "sum", delta: -60, soft: -1, ttlMs: 60_000 }]);
    expect(calls).not.toHaveBeenCalled();
    calls.mockRestore();
    expect(backend.held(key)).toBe(before + 60);
    expect(settled).toEqual({ values: [50 * 100 - 60], alerts: [false] });
    // An overshoot the allowance cannot cover goes to Redis.
    const overshoot = await backend.settle("r-over", [{ key, kind: "sum", delta: backend.held(key) + 1, soft: -1, ttlMs: 60_000 }]);
    expect(overshoot.values[0]).toBeGreaterThan(0);

    await vi.waitFor(() => expect(backend.held(key)).toBe(0), { timeout: 2_000, interval: 50 });
    // What was used: 50 × 100 reserved, 60 settled back, `before` + 61 of overshoot.
    await vi.waitFor(async () => expect(Number(await client.get(key))).toBe(50 * 100 - 60 + before + 61), {
      timeout: 2_000,
      interval: 50,
    });
  });

  it("checks a small limit in Redis every time, and grants nothing past half a limit or a soft threshold", async () => {
    const backend = allowanceBackend();
    const small = `${prefix}{d}:rpm`;
    const calls = vi.spyOn(client, "switchyardBatch");
    await admitMany(backend, [sum(small, 255)], 20);
    expect(calls).toHaveBeenCalledTimes(20);
    calls.mockRestore();
    expect(backend.held(small)).toBe(0);
    expect(await client.get(small)).toBe("20");

    const redis = new RedisBackend(new RedisBatcher(client, 2_000));
    const half = `${prefix}{d}:half`;
    const ask = [{ extra: 10_000, ceiling: 5_000 }];
    // 1/16 of what is left: floor((100000 - 1) / 16) = 6249, capped by the ceiling: 5000 - 1.
    expect(await redis.admit(input([sum(half, 100_000)]), ask)).toEqual({ type: "admitted", values: [5_000], granted: [4_999] });
    expect(await redis.admit(input([sum(half, 100_000)]), ask)).toEqual({ type: "admitted", values: [5_001], granted: [0] });

    const budget = `${prefix}{d}:budget`;
    const soft = sum(budget, 1_000_000, 10, 2_000);
    await admitMany(backend, [soft], 300);
    // Allowances stop short of the soft threshold, so settlements past it reach Redis, which fires the alert.
    const past = vi.spyOn(client, "switchyardBatch");
    await admitMany(backend, [soft], 50);
    expect(past).toHaveBeenCalledTimes(50);
    past.mockRestore();
    expect(backend.held(budget)).toBe(0);
    expect(await client.get(budget)).toBe("3500");
  });

  it("gives the units back when another counter refuses, and leaves requests without allowances to Redis", async () => {
    const backend = allowanceBackend();
    const wide = `${prefix}{e}:wide`;
    const narrow = `${prefix}{e}:narrow`;
    await admitMany(backend, [sum(wide, 1_000_000)], 100);
    const held = backend.held(wide);
    expect(held).toBeGreaterThan(0);
    await client.set(narrow, "5", "PX", 60_000);
    const refused = await backend.admit(input([sum(wide, 1_000_000), sum(narrow, 5)]));
    expect(refused).toEqual({ type: "rejected", failures: [{ index: 1, current: 5, pttlMs: expect.any(Number) }] });
    expect(backend.held(wide)).toBe(held);

    // A request larger than what is held: the held units pay part, Redis the rest (it could not take all of it).
    await client.set(wide, String(1_000_000 - 50), "KEEPTTL");
    const larger = await backend.admit(input([sum(wide, 1_000_000, held + 30)]));
    expect(larger.type).toBe("admitted");
    expect(backend.held(wide)).toBe(0);
    expect(await client.get(wide)).toBe(String(1_000_000 - 20));

    const calls = vi.spyOn(client, "switchyardBatch");
    await backend.admit(input([sum(wide, 1_000_000)], false));
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockRestore();
    expect(backend.held(wide)).toBe(0);
  });
});

describe("allowances in two gateways", () => {
  let pair: GatewayPair | undefined;
  const pairPrefix = uniqueRedisPrefix("allowances-pair");
  const busyKey = "sk-sy-gov-busy-000000000001";
  afterAll(() => pair?.close());

  it("admit a busy key from allowances, and give every unused unit back when they close", async () => {
    pair = await startGatewayPair(pairPrefix, (fake) => ({
      version: 1,
      models: [{ name: "demo-fast", deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url }] }],
      keys: [{ key: busyKey, id: "key-busy", rpm: 100_000 }],
    }));
    const window = minuteWindow(Date.now());
    if (window.resetAtMs - Date.now() < 5_000) await new Promise((resolve) => setTimeout(resolve, window.resetAtMs - Date.now() + 50));
    const counter = `${pairPrefix}{default}:rpm:key:key-busy:${minuteWindow(Date.now()).id}`;
    const replies = [];
    for (let index = 0; index < 200; index++)
      replies.push(await post(`${(index % 2 === 0 ? pair.first : pair.second).gateway.url}/v1/chat/completions`, busyKey, chatBody("hi")));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    // /metrics says where the checks were decided: most from the allowance, the asks in Redis.
    const fromAllowance = await metric(pair.first.gateway.url, "switchyard_limit_checks_total", { store: "allowance" });
    const fromRedis = await metric(pair.first.gateway.url, "switchyard_limit_checks_total", { store: "redis" });
    expect(fromAllowance + fromRedis).toBe(100);
    expect(fromAllowance).toBeGreaterThan(fromRedis);
    const charged = Number(await pair.redis.get(counter));
    expect(charged).toBeGreaterThan(200);
    // A gateway's headers leave its own unspent allowance out (the other's it cannot know of).
    const remaining = Number(replies.at(-1)?.headers["x-ratelimit-remaining-requests"]);
    expect(remaining).toBeGreaterThanOrEqual(100_000 - charged);
    expect(remaining).toBeLessThanOrEqual(100_000 - 100);
    await pair.first.gateway.close();
    await pair.second.gateway.close();
    expect(Number(await pair.redis.get(counter))).toBe(200);
  });
});
