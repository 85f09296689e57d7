import { uniqueRedisPrefix } from "@switchyard/testkit/redis";
import type { FastifyBaseLogger } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AllowanceBackend, type AllowanceOptions, defaultAllowanceOptions } from "../src/governance/limits/allowances";
import type { AdmitInput, AdmitOutcome, CounterSpec } from "../src/governance/limits/backend";
import { RedisBackend } from "../src/governance/limits/redis-backend";
import { budgetWindow, minuteWindow } from "../src/governance/limits/windows";
import { attoToNanoCeil, parseDecimal } from "../src/governance/metering/money";
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
  let pair: GatewayPair;
  const pairPrefix = uniqueRedisPrefix("allowances-pair");
  const busyKey = "sk-sy-gov-busy-000000000001";
  const budgetKey = "sk-sy-gov-budget-big-000002";
  beforeAll(async () => {
    pair = await startGatewayPair(pairPrefix, (fake) => ({
      version: 1,
      models: [
        {
          name: "demo-fast",
          deployments: [
            { id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url, price: { inputPerMTok: 1, outputPerMTok: 2 } },
          ],
        },
      ],
      keys: [
        { key: busyKey, id: "key-busy", rpm: 100_000 },
        { key: budgetKey, id: "key-budget", budget: { maxUsd: 0.03, period: "1d" } },
      ],
    }));
  });
  afterAll(() => pair?.close());
  const url = (index: number) => `${(index % 2 === 0 ? pair.first : pair.second).gateway.url}/v1/chat/completions`;
  const checks = async (store: string) =>
    (await metric(pair.first.gateway.url, "switchyard_limit_checks_total", { store })) +
    (await metric(pair.second.gateway.url, "switchyard_limit_checks_total", { store }));

  it("spend a budget from allowances: never past it, all of it used, every nano-dollar in Redis", async () => {
    // Worst case $0.000059 a request (see governance-budgets.test.ts): $0.03 fits 508 of them, enough for allowances;
    // each really costs $0.000027, so about 1,100 are served.
    const budgetNano = 30_000_000n;
    const worstNano = 59_000n;
    let spent = 0n;
    let served = 0;
    for (let round = 0, refusedRounds = 0; refusedRounds < 2 && round < 100; round++) {
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, index) => post(url(index), budgetKey, chatBody("hello budget", { max_tokens: 20 }))),
      );
      for (const reply of replies) {
        if (reply.status === 200) {
          spent += attoToNanoCeil(parseDecimal(reply.headers["x-switchyard-cost-usd"] ?? "0", 18));
          served++;
        } else expect(reply.json<{ error: { code: string } }>().error.code).toBe("budget_exceeded");
      }
      if (replies.some((reply) => reply.status === 200)) refusedRounds = 0;
      else {
        // What a gateway still holds goes back after idleMs (500 ms); then try once more.
        refusedRounds++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    expect(served).toBeGreaterThan(1_000);
    expect(spent).toBeLessThanOrEqual(budgetNano);
    // All of it used: not even one more worst case would fit.
    expect(budgetNano - spent).toBeLessThan(worstNano);
    expect(await checks("allowance")).toBeGreaterThan(served / 4);
    // Settled and returned, the counter holds exactly what was spent.
    const counter = `${pairPrefix}{default}:budget:key:key-budget:${budgetWindow("1d", Date.now()).id}`;
    await vi.waitFor(async () => expect(BigInt((await pair.redis.get(counter)) ?? "-1")).toBe(spent), { timeout: 3_000, interval: 100 });
  });

  it("admit a busy key from allowances, and give every unused unit back when they close", async () => {
    const window = minuteWindow(Date.now());
    if (window.resetAtMs - Date.now() < 5_000) await new Promise((resolve) => setTimeout(resolve, window.resetAtMs - Date.now() + 50));
    const counter = `${pairPrefix}{default}:rpm:key:key-busy:${minuteWindow(Date.now()).id}`;
    const [allowanceBefore, redisBefore] = [await checks("allowance"), await checks("redis")];
    const replies = [];
    for (let index = 0; index < 200; index++) replies.push(await post(url(index), busyKey, chatBody("hi")));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    // /metrics says where the checks were decided: most from the allowance, the asks in Redis.
    const fromAllowance = (await checks("allowance")) - allowanceBefore;
    const fromRedis = (await checks("redis")) - redisBefore;
    expect(fromAllowance + fromRedis).toBe(200);
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
