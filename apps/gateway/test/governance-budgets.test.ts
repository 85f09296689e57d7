import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput } from "@switchyard/schemas";
import type { FakeOpenAI } from "@switchyard/testkit/fake-openai";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { budgetWindow } from "../src/governance/limits/windows";
import { attoToNanoCeil, formatUsd, parseDecimal } from "../src/governance/metering/money";
import {
  chatBody,
  count,
  type GatewayPair,
  type GovernedGateway,
  metric,
  post,
  readSpendEvents,
  redisPrefix,
  startGatewayPair,
  startGoverned,
} from "./governance-helpers";

/**
 * Budgets: worst-case reservations against every budget that applies, settled to the exact cost,
 * so concurrent requests on two gateways can never together spend past a budget.
 */

const budgetKey = "sk-sy-gov-budget-0000000001";
const softKey = "sk-sy-gov-soft-000000000002";
const orgKey = "sk-sy-gov-org-0000000000003";
const tableKey = "sk-sy-gov-table-00000000004";

let upstream: FakeOpenAI;
let first: GovernedGateway;
let second: GovernedGateway;
let redis: Redis;
let pair: GatewayPair | undefined;
let directory: string;
const { prefix } = redisPrefix("budgets");

function config(fake: FakeOpenAI): GatewayConfigInput {
  return {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [
          {
            id: "fast-1",
            provider: "openai",
            model: "demo-fast",
            apiBase: fake.url,
            timeoutMs: 10_000,
            price: { inputPerMTok: 1, outputPerMTok: 2 },
          },
        ],
      },
      {
        name: "embed",
        mode: "embedding",
        deployments: [
          { id: "embed-1", provider: "openai", model: "demo-embed", apiBase: fake.url, price: { inputPerMTok: 0.02, outputPerMTok: 0 } },
        ],
      },
      // No `price`: the table's gpt-4o-mini row ($0.15 / $0.60) applies.
      { name: "mini-table", deployments: [{ id: "mini-table-1", provider: "openai", model: "gpt-4o-mini", apiBase: fake.url }] },
      // A `price` always wins over the table.
      {
        name: "mini-priced",
        deployments: [
          {
            id: "mini-priced-1",
            provider: "openai",
            model: "gpt-4o-mini",
            apiBase: fake.url,
            price: { inputPerMTok: 10, outputPerMTok: 20 },
          },
        ],
      },
    ],
    organization: { id: "acme", budget: { maxUsd: 1, period: "month" } },
    teams: [{ id: "research" }, { id: "soft-team", budget: { maxUsd: 0.0005, period: "month", softLimit: 0.5 } }],
    keys: [
      { key: budgetKey, id: "key-budget", name: "budget-bot", team: "research", budget: { maxUsd: 0.001, period: "1d" } },
      { key: softKey, id: "key-soft", team: "soft-team" },
      { key: orgKey, id: "key-org", team: "research" },
      { key: tableKey, id: "key-table", team: "research" },
    ],
  };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "switchyard-gov-budgets-"));
  const governance = (name: string) => ({ spend: { kind: "jsonl" as const, path: join(directory, `${name}.jsonl`) } });
  pair = await startGatewayPair(prefix, config, { upstream: { models: ["demo-fast", "gpt-4o-mini", "demo-embed"] }, governance });
  ({ upstream, first, second, redis } = pair);
});
afterAll(async () => {
  await pair?.close();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

function nanoOf(costHeader: string | undefined): bigint {
  return attoToNanoCeil(parseDecimal(costHeader ?? "0", 18));
}

async function spendEvents(): Promise<Array<Record<string, unknown>>> {
  await first.gateway.app.governance.drain();
  await second.gateway.app.governance.drain();
  return readSpendEvents(join(directory, "a.jsonl"), join(directory, "b.jsonl"));
}

// "hello budget": 12 UTF-8 bytes + 7 framing = 19 prompt tokens at worst; max_tokens 20.
// Worst case $1/MTok × 19 + $2/MTok × 20 = $0.000059; the fake's real answer costs $0.000027.
const body = () => chatBody("hello budget", { max_tokens: 20 });
const worstNano = 59_000n;
const actualNano = 27_000n;

describe("budgets", () => {
  it("never lets concurrent requests on two gateways spend past the budget", async () => {
    upstream.fail({ type: "latency", ms: 3_000 }, { times: 1_000 });
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        post(`${(index % 2 === 0 ? first : second).gateway.url}/v1/chat/completions`, budgetKey, body()),
      ),
    );
    // Reservations decide before any settles: floor($0.001 / $0.000059) = 16 fit.
    expect(count(replies, (reply) => reply.status === 200)).toBe(16);
    const refused = replies.find((reply) => reply.status === 429);
    expect(refused?.json()).toEqual({
      error: {
        message: expect.stringMatching(/^Budget exceeded for key 'budget-bot': \$0\.000\d+ of \$0\.001 used this period \(1d\)/),
        type: "insufficient_quota",
        param: null,
        code: "budget_exceeded",
      },
    });
    const secondsToMidnight = (budgetWindow("1d", Date.now()).resetAtMs - Date.now()) / 1000;
    expect(Math.abs(Number(refused?.headers["retry-after"]) - secondsToMidnight)).toBeLessThan(5);

    // Settled to the exact cost, the rest of the budget serves more requests until no worst case fits.
    upstream.reset();
    let spent = replies.reduce((sum, reply) => sum + (reply.status === 200 ? nanoOf(reply.headers["x-switchyard-cost-usd"]) : 0n), 0n);
    expect(spent).toBe(16n * actualNano);
    let last = 200;
    let served = 16;
    while (last === 200 && served < 100) {
      const reply = await post(`${(served % 2 === 0 ? first : second).gateway.url}/v1/chat/completions`, budgetKey, body());
      last = reply.status;
      if (reply.status === 200) {
        spent += nanoOf(reply.headers["x-switchyard-cost-usd"]);
        served++;
      } else expect(reply.json<{ error: { code: string } }>().error.code).toBe("budget_exceeded");
    }
    expect(last).toBe(429);
    expect(spent).toBeLessThanOrEqual(1_000_000n);
    expect(1_000_000n - spent).toBeLessThan(worstNano);
    // The Redis counter holds exactly the settled spend.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const window = budgetWindow("1d", Date.now()).id;
    expect(BigInt((await redis.get(`${prefix}{acme}:budget:key:key-budget:${window}`)) ?? "-1")).toBe(spent);
  });

  it("prices with the table unless the deployment sets a price, and reports the exact cost (trailer when streaming)", async () => {
    const table = await post(`${first.gateway.url}/v1/chat/completions`, tableKey, { ...chatBody("price me"), model: "mini-table" });
    expect(table.status).toBe(200);
    const usage = table.json<{ usage: { prompt_tokens: number; completion_tokens: number } }>().usage;
    const expected = (usage.prompt_tokens * 150_000 + usage.completion_tokens * 600_000) / 1e12;
    expect(Number(table.headers["x-switchyard-cost-usd"])).toBeCloseTo(expected, 12);
    expect(table.headers["x-switchyard-cost-usd"]).toMatch(/^0\.0000\d+$/);

    const priced = await post(`${first.gateway.url}/v1/chat/completions`, tableKey, { ...chatBody("price me"), model: "mini-priced" });
    const pricedUsage = priced.json<{ usage: { prompt_tokens: number; completion_tokens: number } }>().usage;
    expect(Number(priced.headers["x-switchyard-cost-usd"])).toBeCloseTo(
      (pricedUsage.prompt_tokens * 10 + pricedUsage.completion_tokens * 20) / 1e6,
      12,
    );

    const streamed = await post(`${first.gateway.url}/v1/chat/completions`, tableKey, {
      ...chatBody("price me"),
      model: "mini-priced",
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(streamed.headers["x-switchyard-cost-usd"]).toBeUndefined();
    expect(streamed.headers.trailer).toBe("x-switchyard-cost-usd");
    expect(streamed.headers["trailer:x-switchyard-cost-usd"]).toBe(priced.headers["x-switchyard-cost-usd"]);
  });

  it("meters and limits embeddings like chat", async () => {
    const reply = await post(`${first.gateway.url}/v1/embeddings`, tableKey, { model: "embed", input: ["first text", "second text"] });
    expect(reply.status).toBe(200);
    const tokens = reply.json<{ usage: { prompt_tokens: number } }>().usage.prompt_tokens;
    expect(tokens).toBeGreaterThan(0);
    // $0.02 per million tokens = 2·10^10 attodollars a token.
    expect(reply.headers["x-switchyard-cost-usd"]).toBe(formatUsd(BigInt(tokens) * 20_000_000_000n));
    const refused = await post(`${first.gateway.url}/v1/embeddings`, budgetKey, { model: "embed", input: "x".repeat(200_000) });
    expect(refused.status).toBe(429);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("budget_exceeded");
  });

  it("emits one budget-threshold-reached alert when spend crosses the soft limit", async () => {
    // Team budget $0.0005, soft at half: the settlement that reaches $0.00025 raises the alert, once.
    for (let index = 0; index < 14; index++) {
      const reply = await post(`${(index % 2 === 0 ? first : second).gateway.url}/v1/chat/completions`, softKey, body());
      expect(reply.status).toBe(200);
    }
    const events = (await spendEvents()).filter((event) => event.keyHash !== undefined && (event.alerts as unknown[]).length > 0);
    expect(events).toHaveLength(1);
    expect(events[0]?.alerts).toEqual([
      {
        type: "budget-threshold-reached",
        principal: "team",
        principalId: "soft-team",
        period: "month",
        maxUsd: "0.0005",
        thresholdUsd: "0.00025",
        spentUsd: expect.stringMatching(/^0\.00027$/),
      },
    ]);
    const alerts =
      (await metric(first.gateway.url, "switchyard_budget_alerts_total", { principal: "team" })) +
      (await metric(second.gateway.url, "switchyard_budget_alerts_total", { principal: "team" }));
    expect(alerts).toBe(1);
    expect(first.logs.text() + second.logs.text()).toContain("budget-threshold-reached");
  });

  it("applies the organisation's budget to every key", async () => {
    const other = redisPrefix("budgets-org");
    const small = config(upstream);
    const gateway = await startGoverned(
      { ...small, organization: { id: "tiny", budget: { maxUsd: 0.0001, period: "month" } } },
      { redisPrefix: other.prefix },
    );
    try {
      // $0.0001: two worst cases fit one after the other ($0.000027 settled + $0.000059), a third does not.
      const statuses: number[] = [];
      for (const key of [orgKey, tableKey, orgKey])
        statuses.push((await post(`${gateway.gateway.url}/v1/chat/completions`, key, body())).status);
      expect(statuses).toEqual([200, 200, 429]);
      const reply = await post(`${gateway.gateway.url}/v1/chat/completions`, softKey, body());
      expect(reply.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: "budget_exceeded",
        message: expect.stringContaining("organization 'tiny'"),
      });
    } finally {
      await gateway.gateway.close();
      await other.clear();
    }
  });
});
