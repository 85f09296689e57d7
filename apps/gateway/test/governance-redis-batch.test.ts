import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { Redis } from "ioredis";
import { describe, expect, it, vi } from "vitest";
import type { AdmitInput, CounterSpec } from "../src/governance/limits/backend";
import { RedisBackend } from "../src/governance/limits/redis-backend";
import { RedisBatcher } from "../src/governance/redis/batch";
import { useRedisClient } from "./governance-helpers";

/** The per-turn batch (redis/batch.ts) against a real Redis: one script call, the same outcomes as one call each. */

const { prefix, client } = useRedisClient("batch");

const sum = (key: string, limit: number, amount = 1): CounterSpec => ({ key, kind: "sum", limit, amount, ttlMs: 60_000 });
const lease = (key: string, limit: number): CounterSpec => ({ key, kind: "lease", limit, amount: 1, ttlMs: 60_000 });
const admitInput = (requestId: string, counters: CounterSpec[], cacheKey?: string): AdmitInput => ({
  requestId,
  nowMs: Date.now(),
  counters,
  cacheKey,
});

describe("RedisBatcher", () => {
  it("sends one turn's admits as one script call and admits exactly the limit, in the order they were made", async () => {
    const backend = new RedisBackend(new RedisBatcher(client, 2_000));
    const calls = vi.spyOn(client, "switchyardBatch");
    const key = `${prefix}{org-a}:rpm`;
    const tokens = `${prefix}{org-a}:tpm`;
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) => backend.admit(admitInput(`r${index}`, [sum(key, 25), sum(tokens, 1_000, 10)]))),
    );
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockRestore();
    expect(outcomes.map((outcome) => outcome.type)).toEqual([
      ...Array.from({ length: 25 }, () => "admitted"),
      ...Array.from({ length: 15 }, () => "rejected"),
    ]);
    // Each admitted request sees the counters after its own charge.
    expect(outcomes[24]).toEqual({ type: "admitted", values: [25, 250] });
    const refused = outcomes[25];
    expect(refused?.type === "rejected" && refused.failures).toEqual([{ index: 0, current: 25, pttlMs: expect.any(Number) }]);
    expect(await client.get(key)).toBe("25");
    expect(await client.get(tokens)).toBe("250");
  });

  it("runs settlements, cache writes and admits of one turn in order: a lease released first frees its slot", async () => {
    const backend = new RedisBackend(new RedisBatcher(client, 2_000));
    const parallel = `${prefix}{org-b}:par`;
    const budget = `${prefix}{org-b}:budget`;
    const cacheKey = `${prefix}{org-b}:cache:x`;
    expect((await backend.admit(admitInput("first", [lease(parallel, 1), sum(budget, 1_000, 400)]))).type).toBe("admitted");
    expect((await backend.admit(admitInput("blocked", [lease(parallel, 1)]))).type).toBe("rejected");

    const calls = vi.spyOn(client, "switchyardBatch");
    const [settled, next] = await Promise.all([
      backend.settle(
        "first",
        [
          { key: parallel, kind: "lease", delta: 0, soft: -1, ttlMs: 60_000 },
          { key: budget, kind: "sum", delta: -300, soft: 50, alertKey: `${budget}:alerted`, ttlMs: 60_000 },
        ],
        { key: cacheKey, value: '{"cached":true}', ttlMs: 60_000 },
      ),
      backend.admit(admitInput("second", [lease(parallel, 1)], cacheKey)),
    ]);
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockRestore();
    expect(settled).toEqual({ values: [0, 100], alerts: [false, true] });
    // The cache write ran before the admit's lookup in the same script call.
    expect(next).toEqual({ type: "hit", value: '{"cached":true}' });
    expect((await backend.admit(admitInput("third", [lease(parallel, 1)]))).type).toBe("admitted");
  });

  it("sends one script call per hash tag, so every call stays in one Redis Cluster slot", async () => {
    const backend = new RedisBackend(new RedisBatcher(client, 2_000));
    const calls = vi.spyOn(client, "switchyardBatch");
    const outcomes = await Promise.all([
      backend.admit(admitInput("a1", [sum(`${prefix}{tag-1}:rpm`, 10)])),
      backend.admit(admitInput("b1", [sum(`${prefix}{tag-2}:rpm`, 10)])),
      backend.admit(admitInput("a2", [sum(`${prefix}{tag-1}:rpm`, 10)])),
    ]);
    expect(calls).toHaveBeenCalledTimes(2);
    for (const [, ...keysAndArgs] of calls.mock.calls) {
      const tags = new Set(
        keysAndArgs
          .filter((value) => typeof value === "string" && value.startsWith(prefix))
          .map((key) => /\{(.+?)\}/.exec(String(key))?.[1]),
      );
      expect(tags.size).toBe(1);
    }
    calls.mockRestore();
    expect(outcomes).toEqual([
      { type: "admitted", values: [1] },
      { type: "admitted", values: [1] },
      { type: "admitted", values: [2] },
    ]);
  });

  it("keeps one operation's error to itself: the rest of the batch still runs", async () => {
    const backend = new RedisBackend(new RedisBatcher(client, 2_000));
    const broken = `${prefix}{org-d}:par`;
    await client.set(broken, "not a sorted set");
    const calls = vi.spyOn(client, "switchyardBatch");
    const [good, bad, after] = await Promise.allSettled([
      backend.admit(admitInput("d1", [sum(`${prefix}{org-d}:rpm`, 10)])),
      backend.admit(admitInput("d2", [lease(broken, 5)])),
      backend.admit(admitInput("d3", [sum(`${prefix}{org-d}:rpm`, 10)])),
    ]);
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockRestore();
    expect(good).toEqual({ status: "fulfilled", value: { type: "admitted", values: [1] } });
    expect(bad.status).toBe("rejected");
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/WRONGTYPE/);
    expect(after).toEqual({ status: "fulfilled", value: { type: "admitted", values: [2] } });
  });

  it("fails every operation of a batch that Redis does not answer within the timeout", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const address = silent.address();
    const port = typeof address === "object" && address ? address.port : 0;
    // A peer that accepts the connection and never answers: commands are written, replies never come.
    const stalled = new Redis({ host: "127.0.0.1", port, enableReadyCheck: false, maxRetriesPerRequest: 0 });
    stalled.on("error", () => {});
    try {
      const backend = new RedisBackend(new RedisBatcher(stalled, 150));
      const started = performance.now();
      const results = await Promise.allSettled([
        backend.admit(admitInput("s1", [sum(`${prefix}{org-c}:rpm`, 10)])),
        backend.settle("s0", [{ key: `${prefix}{org-c}:rpm`, kind: "sum", delta: -1, soft: -1, ttlMs: 60_000 }]),
      ]);
      expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/did not answer within 150 ms/);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      stalled.disconnect();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});
