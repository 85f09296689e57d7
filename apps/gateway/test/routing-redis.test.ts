import { createServer } from "node:net";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import { clearRedisPrefix, testRedisUrl, uniqueRedisPrefix } from "@switchyard/testkit/redis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DefaultRouter } from "../src/routing/create-router";
import type { RedisCooldowns } from "../src/routing/redis-cooldowns";
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
let east: RoutingGateway;
let west: RoutingGateway;
const prefix = uniqueRedisPrefix("routing");

function cooldownsOf(fleet: RoutingGateway): RedisCooldowns {
  return (fleet.gateway.app.gateway.router as DefaultRouter).cooldowns as RedisCooldowns;
}

beforeAll(async () => {
  upstreams = await startUpstreams(3);
  const [flaky, steady, metered] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
  const config = routingConfig(
    [
      { name: "pair", deployments: [deployment("shared-flaky", flaky), deployment("shared-steady", steady)] },
      // rpm 4 across both gateways, with a standby that takes the rest.
      { name: "metered", deployments: [deployment("metered-4", metered, { rpm: 4 }), deployment("standby", steady, { weight: 0 })] },
    ],
    { allowedFailures: 2, failureWindowSeconds: 30, cooldownSeconds: 2, backoffMs: 10 },
  );
  const shared = { redisUrl: testRedisUrl(), redisPrefix: prefix };
  east = await startRoutingGateway(config, { ...shared, instanceId: "east" });
  west = await startRoutingGateway(config, { ...shared, instanceId: "west" });
  await Promise.all([cooldownsOf(east).whenReady(), cooldownsOf(west).whenReady()]);
});
afterAll(async () => {
  await east.close();
  await west.close();
  await closeAll(upstreams);
  await clearRedisPrefix(prefix);
});

describe("two gateways sharing Redis", () => {
  it("a cooldown started by failures seen on one gateway stops the other's traffic too, and ends for both", async () => {
    const [flaky, steady] = upstreams as [FakeOpenAI, FakeOpenAI];
    flaky.fail({ type: "status", status: 500 }, { times: 2 });
    // East alone sees the failures (requests until two have hit shared-flaky).
    while (chatCount(flaky) < 2) await ask(east.client, "pair");
    // West learns of the cooldown over pub/sub, without a request of its own failing.
    await vi.waitFor(() => expect(cooldownsOf(west).state("shared-flaky")).toBe("cooling"), { timeout: 1_000 });
    const westAnswers = [];
    for (let index = 0; index < 20; index++) westAnswers.push(await ask(west.client, "pair"));
    expect(tally(westAnswers)).toEqual({ "shared-steady": 20 });
    expect(chatCount(flaky)).toBe(2);
    expect(westAnswers.every((answer) => answer.attempts === 1)).toBe(true);

    // After cooldownSeconds one probe (from either gateway) finds it healthy; both use it again.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const afterwards = [];
    for (let index = 0; index < 10; index++) afterwards.push(await ask(west.client, "pair"), await ask(east.client, "pair"));
    expect(tally(afterwards)["shared-flaky"] ?? 0).toBeGreaterThan(2);
    await vi.waitFor(() => expect(cooldownsOf(east).state("shared-flaky")).toBe("ok"), { timeout: 1_000 });
    expect(cooldownsOf(west).state("shared-flaky")).toBe("ok");
    expect(chatCount(steady)).toBeGreaterThan(20);
  });

  it("a gateway started later loads cooldowns already in force", async () => {
    const [flaky] = upstreams as [FakeOpenAI];
    flaky.fail({ type: "status", status: 500 }, { times: 2 });
    while (cooldownsOf(east).state("shared-flaky") !== "cooling") await ask(east.client, "pair");
    const late = await startRoutingGateway(east.gateway.app.gateway.store.current?.config ?? routingConfig([]), {
      redisUrl: testRedisUrl(),
      redisPrefix: prefix,
    });
    try {
      await cooldownsOf(late).whenReady();
      expect(cooldownsOf(late).state("shared-flaky")).toBe("cooling");
    } finally {
      await late.close();
    }
  });

  it("a deployment's rpm is counted across gateways", async () => {
    const metered = upstreams[2] as FakeOpenAI;
    const answers = [];
    for (let index = 0; index < 6; index++) answers.push(await ask(east.client, "metered"), await ask(west.client, "metered"));
    expect(tally(answers)).toEqual({ "metered-4": 4, standby: 8 });
    expect(chatCount(metered)).toBe(4);
  });
});

describe("Redis unreachable", () => {
  it("routing, cooldowns and deployment limits go on per instance", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (typeof address !== "object" || !address) throw new Error("no port");
    const [flaky, steady, metered] = upstreams as [FakeOpenAI, FakeOpenAI, FakeOpenAI];
    for (const upstream of upstreams) upstream.reset();
    const alone = await startRoutingGateway(east.gateway.app.gateway.store.current?.config ?? routingConfig([]), {
      redisUrl: `redis://127.0.0.1:${address.port}`,
      redisPrefix: prefix,
    });
    try {
      flaky.fail({ type: "status", status: 500 }, { times: 2 });
      const answers = [];
      for (let index = 0; index < 12; index++) answers.push(await ask(alone.client, "pair"));
      expect(tally(answers)).toEqual({ "shared-steady": 12 });
      expect(chatCount(flaky)).toBe(2);
      expect(cooldownsOf(alone).state("shared-flaky")).toBe("cooling");

      const metering = [];
      for (let index = 0; index < 6; index++) metering.push(await ask(alone.client, "metered"));
      expect(tally(metering)).toEqual({ "metered-4": 4, standby: 2 });
      expect(chatCount(metered)).toBe(4);
      expect(chatCount(steady)).toBe(14);
      expect(alone.logs.text()).toContain("redis");
    } finally {
      await alone.close();
    }
  });
});
