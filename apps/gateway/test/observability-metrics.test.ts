import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent, chatBody, type GovernedGateway, metric, post, redisPrefix, startGoverned } from "./governance-helpers";
import { upstreamKey } from "./helpers";

/**
 * /metrics after a known mix of requests: a success, a stream, a retry after a 500, a fallback
 * after a refused connection, a cache hit, a key over its rpm (429) and a guardrail block. Each
 * family must show exactly what those requests did.
 */

const key = "sk-sy-metrics-0123456789";
const limitedKey = "sk-sy-metrics-limited-0123";

function config(upstream: FakeOpenAI): GatewayConfigInput {
  const deployment = (id: string, apiBase = upstream.url) => ({
    id,
    provider: "openai" as const,
    model: "demo-fast",
    apiBase,
    apiKey: upstreamKey,
    timeoutMs: 3_000,
    price: { inputPerMTok: 1, outputPerMTok: 2 },
  });
  return {
    version: 1,
    models: [
      // Two deployments on one upstream, so a failed attempt is retried on the other.
      { name: "demo-fast", deployments: [deployment("fast-a"), deployment("fast-b")] },
      { name: "demo-smart", deployments: [deployment("smart-1")] },
      // Nothing listens on port 9: every attempt is refused and the request falls back.
      { name: "broken", deployments: [deployment("broken-1", "http://127.0.0.1:9/v1")], fallbacks: ["demo-smart"] },
    ],
    routing: { retries: 2, allowedFailures: 1, cooldownSeconds: 60, backoffMs: 1 },
    teams: [{ id: "research" }],
    keys: [
      { key, name: "metrics", team: "research" },
      { key: limitedKey, name: "limited", team: "research", rpm: 1 },
    ],
    guardrails: [{ id: "no-secrets", type: "blocklist", mode: "block", stage: "pre", words: ["forbidden-word"] }],
    cache: { mode: "exact", ttlSeconds: 60 },
  };
}

let upstream: FakeOpenAI;
let governed: GovernedGateway;
let spendDir: string;
const redis = redisPrefix("metrics");
let url: string;

async function scrape(): Promise<string> {
  const response = await request(`${url}/metrics`, { dispatcher: agent });
  expect(response.headers["content-type"]).toContain("text/plain");
  return response.body.text();
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({ apiKey: upstreamKey });
  spendDir = await mkdtemp(join(tmpdir(), "sy-metrics-"));
  governed = await startGoverned(config(upstream), {
    redisPrefix: redis.prefix,
    governance: { spend: { kind: "jsonl", path: join(spendDir, "spend.jsonl") } },
  });
  url = governed.gateway.url;
});

afterAll(async () => {
  await governed?.gateway.close();
  await upstream?.close();
  await redis.clear();
  await rm(spendDir, { recursive: true, force: true });
});

describe("gateway /metrics", () => {
  it("counts successes, streams, retries, fallbacks, cache hits, rate limits and guardrail blocks", async () => {
    const ok = await post(`${url}/v1/chat/completions`, key, chatBody("plain success"));
    expect(ok.status).toBe(200);
    const overhead = Number(ok.headers["x-switchyard-overhead-ms"]);
    expect(Number.isFinite(overhead)).toBe(true);
    expect(overhead).toBeGreaterThanOrEqual(0);

    const stream = await post(`${url}/v1/chat/completions`, key, chatBody("a stream please", { stream: true }));
    expect(stream.status).toBe(200);
    expect(stream.headers["x-switchyard-overhead-ms"]).toMatch(/^\d+(\.\d+)?$/);

    upstream.fail({ type: "status", status: 500 }, { times: 1 });
    const retried = await post(`${url}/v1/chat/completions`, key, chatBody("retried once"));
    expect(retried.status).toBe(200);
    expect(retried.headers["x-switchyard-attempts"]).toBe("2");

    const fellBack = await post(`${url}/v1/chat/completions`, key, chatBody("falls back", { model: "broken" }));
    expect(fellBack.status).toBe(200);
    expect(fellBack.headers["x-switchyard-deployment"]).toBe("smart-1");

    // The first "plain success" filled the cache once settled (after its response); the same request again is a hit.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const hit = await post(`${url}/v1/chat/completions`, key, chatBody("plain success"));
    expect(hit.headers["x-switchyard-cache"]).toBe("hit");

    expect((await post(`${url}/v1/chat/completions`, limitedKey, chatBody("limited one"))).status).toBe(200);
    const limited = await post(`${url}/v1/chat/completions`, limitedKey, chatBody("limited two"));
    expect(limited.status).toBe(429);

    const blocked = await post(`${url}/v1/chat/completions`, key, chatBody("this has the forbidden-word in it"));
    expect(blocked.status).toBe(400);
    await governed.gateway.app.governance.drain();

    const text = await scrape();
    const chat = { route: "/v1/chat/completions" };
    // Requests by model / deployment / provider / status.
    expect(await metric(url, "switchyard_requests_total", { ...chat, status: "200" })).toBe(6);
    expect(await metric(url, "switchyard_requests_total", { ...chat, model: "demo-fast", provider: "openai", status: "200" })).toBe(4);
    // The cache hit: answered, by no deployment.
    expect(await metric(url, "switchyard_requests_total", { ...chat, model: "demo-fast", deployment: "none", status: "200" })).toBe(1);
    expect(await metric(url, "switchyard_requests_total", { ...chat, model: "broken", deployment: "smart-1", status: "200" })).toBe(1);
    expect(await metric(url, "switchyard_requests_total", { ...chat, deployment: "none", status: "429" })).toBe(1);
    expect(await metric(url, "switchyard_requests_total", { ...chat, deployment: "none", status: "400" })).toBe(1);
    // Latency, time to first token (the one stream) and gateway overhead (every request).
    expect(await metric(url, "switchyard_request_duration_seconds_count", chat)).toBe(8);
    expect(await metric(url, "switchyard_request_duration_seconds_count", { ...chat, stream: "true" })).toBe(1);
    expect(await metric(url, "switchyard_time_to_first_token_seconds_count", { model: "demo-fast" })).toBe(1);
    expect(await metric(url, "switchyard_gateway_overhead_seconds_count", chat)).toBe(8);
    expect(text).toMatch(/switchyard_gateway_overhead_seconds_bucket\{le="0.0001",route="\/v1\/chat\/completions",stream="false"\}/);
    // Tokens in and out, by team; cost in USD.
    expect(await metric(url, "switchyard_tokens_total", { team: "research", kind: "prompt" })).toBeGreaterThan(0);
    expect(await metric(url, "switchyard_tokens_total", { team: "research", kind: "completion" })).toBeGreaterThan(0);
    expect(await metric(url, "switchyard_cost_usd_total", { model: "demo-fast" })).toBeGreaterThan(0);
    // Cache, limits, guardrails.
    expect(await metric(url, "switchyard_cache_requests_total", { result: "hit" })).toBe(1);
    // Misses: every admitted request that did not hit (the 429 and the blocked one never looked).
    expect(await metric(url, "switchyard_cache_requests_total", { result: "miss" })).toBe(5);
    expect(await metric(url, "switchyard_limit_rejections_total", { principal: "key", limit: "rpm" })).toBe(1);
    expect(await metric(url, "switchyard_guardrail_actions_total", { guardrail: "no-secrets", action: "blocked" })).toBe(1);
    // Upstream errors by kind, retries, fallbacks, cooldowns.
    expect(await metric(url, "switchyard_upstream_attempts_total", { outcome: "server" })).toBe(1);
    expect(
      await metric(url, "switchyard_upstream_attempts_total", { deployment: "broken-1", outcome: "connection" }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric(url, "switchyard_retries_total", { model: "demo-fast" })).toBe(1);
    expect(await metric(url, "switchyard_fallbacks_total", { model: "broken", to: "demo-smart" })).toBe(1);
    const cooling = text.split("\n").filter((line) => line.startsWith("switchyard_deployment_cooldown_state{") && line.endsWith(" 1"));
    // The demo-fast deployment that answered 500 and the refused broken-1 (its model has a fallback, so it may cool).
    expect(cooling).toHaveLength(2);
    expect(cooling.join("\n")).toMatch(/deployment="fast-[ab]"/);
    expect(cooling.join("\n")).toContain('deployment="broken-1"');
    expect(text).toContain('switchyard_deployment_cooldown_state{deployment="smart-1"} 0');
    // Nothing in flight once every response is over; config, connectivity, spool.
    expect(await metric(url, "switchyard_requests_in_flight", chat)).toBe(0);
    expect(text).toMatch(/switchyard_config_info\{version="",sha256="",source="options"\} 1/);
    expect(text).toContain("switchyard_config_version 0");
    expect(await metric(url, "switchyard_redis_up")).toBe(1);
    expect(await metric(url, "switchyard_control_plane_up")).toBe(0);
    expect(await metric(url, "switchyard_spend_spool_events")).toBe(0);
    // Bounded labels: no request ids or key material anywhere.
    expect(text).not.toMatch(/req_[0-9a-f]{8}/);
    expect(text).not.toContain(key);
  });

  it("x-switchyard-overhead-ms leaves the upstream's time out", async () => {
    upstream.fail({ type: "latency", ms: 300 }, { times: 1 });
    const started = performance.now();
    const slow = await post(`${url}/v1/chat/completions`, key, chatBody("a slow upstream"));
    const total = performance.now() - started;
    expect(slow.status).toBe(200);
    expect(total).toBeGreaterThanOrEqual(300);
    const overhead = Number(slow.headers["x-switchyard-overhead-ms"]);
    // The 300 ms belong to the upstream; what is left is the gateway's own work (Redis included).
    expect(overhead).toBeLessThan(100);
    expect(overhead).toBeLessThan(total - 250);
  });

  it("counts a stream as in flight until it ends", async () => {
    const slow = await startFakeOpenAI({ apiKey: upstreamKey, chunkDelayMs: 150 });
    governed.gateway.app.gateway.store.apply(
      {
        ...config(upstream),
        models: [
          {
            name: "demo-fast",
            deployments: [{ id: "slow", provider: "openai", model: "demo-fast", apiBase: slow.url, apiKey: upstreamKey }],
          },
        ],
        guardrails: [],
        cache: { mode: "off" },
      },
      { source: "test", version: 42, sha256: "a".repeat(64) },
    );
    try {
      const pending = post(`${url}/v1/chat/completions`, key, chatBody("slow stream", { stream: true }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await metric(url, "switchyard_requests_in_flight", { route: "/v1/chat/completions" })).toBe(1);
      expect((await pending).status).toBe(200);
      expect(await metric(url, "switchyard_requests_in_flight", { route: "/v1/chat/completions" })).toBe(0);
      const text = await scrape();
      expect(text).toContain(`switchyard_config_info{version="42",sha256="${"a".repeat(64)}",source="test"} 1`);
      expect(text).toContain("switchyard_config_version 42");
      // The previous config's info series is gone: one applied config at a time.
      expect(text).not.toContain('source="options"');
    } finally {
      await slow.close();
    }
  });
});
