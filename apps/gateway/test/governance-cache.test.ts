import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chatBody, type GovernedGateway, metric, post, readSpendEvents, redisPrefix, startGoverned } from "./governance-helpers";

/** The exact-match response cache: shared in Redis by two gateways, or an in-memory LRU without Redis. */

const researchKey = "sk-sy-gov-cache-research-01";
const otherResearchKey = "sk-sy-gov-cache-research-02";
const marketingKey = "sk-sy-gov-cache-marketing-1";

let upstream: FakeOpenAI;
let first: GovernedGateway;
let second: GovernedGateway;
let memory: GovernedGateway;
let shared: GovernedGateway;
let directory: string;
const { prefix, clear } = redisPrefix("cache");
const sharedPrefix = redisPrefix("cache-shared");

function config(fake: FakeOpenAI, cache: GatewayConfigInput["cache"] = { mode: "exact", ttlSeconds: 60 }): GatewayConfigInput {
  return {
    version: 1,
    models: [
      {
        name: "demo-fast",
        deployments: [
          { id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url, price: { inputPerMTok: 1, outputPerMTok: 2 } },
        ],
      },
    ],
    teams: [{ id: "research" }, { id: "marketing" }],
    keys: [
      { key: researchKey, team: "research" },
      { key: otherResearchKey, team: "research" },
      { key: marketingKey, team: "marketing" },
    ],
    cache,
  };
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  directory = await mkdtemp(join(tmpdir(), "switchyard-gov-cache-"));
  first = await startGoverned(config(upstream), {
    redisPrefix: prefix,
    governance: { spend: { kind: "jsonl", path: join(directory, "first.jsonl") } },
  });
  second = await startGoverned(config(upstream), { redisPrefix: prefix });
  memory = await startGoverned(config(upstream, { mode: "exact", ttlSeconds: 1 }), { redisUrl: null });
  shared = await startGoverned(config(upstream, { mode: "exact", ttlSeconds: 60, shared: true }), { redisPrefix: sharedPrefix.prefix });
});
afterAll(async () => {
  for (const gateway of [first, second, memory, shared]) await gateway?.gateway.close();
  await upstream?.close();
  await clear();
  await sharedPrefix.clear();
  await rm(directory, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

const chat = (gateway: GovernedGateway, key: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post(`${gateway.gateway.url}/v1/chat/completions`, key, body, headers);

/** Settlement (and with it the cache write) runs after the response: give it a moment. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 100));

function sseChunks(text: string): Array<Record<string, unknown>> {
  return text
    .split("\n\n")
    .filter((event) => event.startsWith("data: ") && event !== "data: [DONE]")
    .map((event) => JSON.parse(event.slice(6)) as Record<string, unknown>);
}

function sseText(text: string): string {
  return sseChunks(text)
    .flatMap((chunk) => (chunk.choices as Array<{ delta: { content?: string } }>).map((choice) => choice.delta.content ?? ""))
    .join("");
}

describe("response cache in Redis", () => {
  it("misses, stores, then answers from the cache on the other gateway at zero cost", async () => {
    const body = chatBody("What is the capital of France?", { temperature: 0 });
    const miss = await chat(first, researchKey, body);
    expect(miss.status).toBe(200);
    expect(miss.headers["x-switchyard-cache"]).toBe("miss");
    expect(Number(miss.headers["x-switchyard-cost-usd"])).toBeGreaterThan(0);
    await settled();

    const hit = await chat(second, researchKey, { ...body, user: "someone-else" });
    expect(hit.status).toBe(200);
    expect(hit.headers["x-switchyard-cache"]).toBe("hit");
    expect(hit.headers["x-switchyard-cost-usd"]).toBe("0");
    expect(hit.json()).toEqual(miss.json());
    expect(upstream.requests).toHaveLength(1);
    expect(await metric(second.gateway.url, "switchyard_cache_requests_total", { result: "hit" })).toBe(1);

    // Another sampling parameter is another request.
    const other = await chat(second, researchKey, { ...body, temperature: 0.5 });
    expect(other.headers["x-switchyard-cache"]).toBe("miss");
    expect(upstream.requests).toHaveLength(2);
  });

  it("replays a cached reply as SSE for a streaming request, and caches a streamed reply for JSON", async () => {
    const body = chatBody("Tell me about caching", { max_tokens: 40 });
    const json = await chat(first, researchKey, body);
    await settled();
    const stream = await chat(second, researchKey, { ...body, stream: true, stream_options: { include_usage: true } });
    expect(stream.headers["x-switchyard-cache"]).toBe("hit");
    expect(stream.headers["content-type"]).toContain("text/event-stream");
    expect(stream.text.endsWith("data: [DONE]\n\n")).toBe(true);
    const completion = json.json<{ choices: Array<{ message: { content: string } }>; usage: unknown }>();
    expect(sseText(stream.text)).toBe(completion.choices[0]?.message.content);
    expect(sseChunks(stream.text).at(-1)?.usage).toEqual(completion.usage);
    expect(upstream.requests).toHaveLength(1);

    // The official SDK reads the replay like any stream.
    const client = new OpenAI({ apiKey: researchKey, baseURL: `${first.gateway.url}/v1`, maxRetries: 0 });
    const sdkStream = await client.chat.completions.create({
      model: "demo-fast",
      messages: [{ role: "user", content: "Tell me about caching" }],
      max_tokens: 40,
      stream: true,
    });
    let text = "";
    for await (const chunk of sdkStream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(completion.choices[0]?.message.content);

    // A streamed miss is stored whole and later served as JSON.
    upstream.reset();
    const streamedMiss = await chat(first, researchKey, { ...chatBody("Streamed first"), stream: true });
    expect(streamedMiss.headers["x-switchyard-cache"]).toBe("miss");
    await settled();
    const fromStream = await chat(second, researchKey, chatBody("Streamed first"));
    expect(fromStream.headers["x-switchyard-cache"]).toBe("hit");
    expect(fromStream.json<{ choices: Array<{ message: { content: string } }> }>().choices[0]?.message.content).toBe(
      sseText(streamedMiss.text),
    );
    expect(upstream.requests).toHaveLength(1);
  });

  it("honours Cache-Control: no-cache (skip the lookup, still store) and no-store (neither)", async () => {
    const body = chatBody("cache control please");
    await chat(first, researchKey, body, { "cache-control": "no-store" });
    await settled();
    expect((await chat(first, researchKey, body, { "cache-control": "no-store" })).headers["x-switchyard-cache"]).toBe("miss");
    await settled();
    // Nothing was stored by the no-store requests.
    const firstDefault = await chat(first, researchKey, body);
    expect(firstDefault.headers["x-switchyard-cache"]).toBe("miss");
    await settled();
    const noCache = await chat(second, researchKey, body, { "cache-control": "no-cache" });
    expect(noCache.headers["x-switchyard-cache"]).toBe("miss");
    expect(upstream.requests).toHaveLength(4);

    const fresh = chatBody("no-cache stores");
    await chat(first, researchKey, fresh, { "cache-control": "no-cache" });
    await settled();
    expect((await chat(second, researchKey, fresh)).headers["x-switchyard-cache"]).toBe("hit");
    expect(upstream.requests).toHaveLength(5);
  });

  it("keeps teams apart unless the cache is shared", async () => {
    const body = chatBody("team scoped answer");
    await chat(first, researchKey, body);
    await settled();
    expect((await chat(second, otherResearchKey, body)).headers["x-switchyard-cache"]).toBe("hit");
    expect((await chat(second, marketingKey, body)).headers["x-switchyard-cache"]).toBe("miss");

    await chat(shared, researchKey, body);
    await settled();
    expect((await chat(shared, marketingKey, body)).headers["x-switchyard-cache"]).toBe("hit");
  });

  it("meters hits as hits: zero tokens and cost in the spend event", async () => {
    const body = chatBody("metered hit");
    await chat(first, researchKey, body);
    await settled();
    const hit = await chat(first, researchKey, body);
    await first.gateway.app.governance.drain();
    const events = await readSpendEvents(join(directory, "first.jsonl"));
    const event = events.find((item) => item.requestId === hit.headers["x-request-id"]);
    expect(event).toMatchObject({ cacheHit: true, costUsd: "0", promptTokens: 0, completionTokens: 0, status: 200 });
    expect(event?.deployment).toBeUndefined();
  });
});

describe("response cache in memory (no Redis)", () => {
  it("hits within the TTL and expires after it", async () => {
    const body = chatBody("memory cache");
    expect((await chat(memory, researchKey, body)).headers["x-switchyard-cache"]).toBe("miss");
    await settled();
    expect((await chat(memory, researchKey, body)).headers["x-switchyard-cache"]).toBe("hit");
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await chat(memory, researchKey, body)).headers["x-switchyard-cache"]).toBe("miss");
    expect(upstream.requests).toHaveLength(2);
  });
});
