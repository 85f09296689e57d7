import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { GatewayConfigInput } from "@switchyard/schemas";
import { type FakeOpenAI, startFakeOpenAI } from "@switchyard/testkit/fake-openai";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent, chatBody, count, type GovernedGateway, metric, post, redisPrefix, startGoverned } from "./governance-helpers";

/**
 * Redis going away and coming back, through a TCP proxy we can cut: fail-open keeps serving with
 * per-instance counters and says so on /readyz and /metrics; fail-closed refuses limited requests;
 * both reconnect by themselves.
 */

class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: 6379 });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and drops the live ones: Redis is "down". */
  get running(): boolean {
    return this.server !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

const key = "sk-sy-gov-redis-down-000001";
let upstream: FakeOpenAI;
let proxy: TcpProxy;
let open: GovernedGateway;
let closed: GovernedGateway;
const { prefix, clear } = redisPrefix("down");

function config(fake: FakeOpenAI, failMode: "open" | "closed"): GatewayConfigInput {
  return {
    version: 1,
    models: [{ name: "demo-fast", deployments: [{ id: "fast-1", provider: "openai", model: "demo-fast", apiBase: fake.url }] }],
    keys: [{ key, id: "key-down", rpm: 5 }],
    limits: { failMode, maxBodyBytes: 1_000_000 },
  };
}

async function readiness(gateway: GovernedGateway): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(`${gateway.gateway.url}/readyz`, { dispatcher: agent });
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  upstream = await startFakeOpenAI({});
  proxy = new TcpProxy();
  await proxy.start();
  const redisUrl = `redis://127.0.0.1:${proxy.port}/0`;
  open = await startGoverned(config(upstream, "open"), { redisUrl, redisPrefix: prefix });
  closed = await startGoverned(config(upstream, "closed"), { redisUrl, redisPrefix: `${prefix}closed:` });
});
afterAll(async () => {
  // Closing a Redis client that is mid-reconnect can wait for the connection: give it one.
  if (proxy && !proxy.running) await proxy.start();
  await open?.gateway.close();
  await closed?.gateway.close();
  await proxy?.stop().catch(() => {});
  await upstream?.close();
  await clear();
});

describe("when Redis goes down", () => {
  it("reports up, degrades to per-instance limits (fail-open) or refuses (fail-closed), and recovers alone", async () => {
    expect(await readiness(open)).toMatchObject({ status: 200, body: { status: "ready", redis: "up" } });
    expect(await metric(open.gateway.url, "switchyard_redis_up")).toBe(1);
    expect((await post(`${open.gateway.url}/v1/chat/completions`, key, chatBody("up"))).status).toBe(200);

    await proxy.stop();
    await until(async () => (await readiness(open)).body.redis === "down", 5_000);
    expect(await readiness(open)).toMatchObject({ status: 200, body: { status: "ready", redis: "down" } });
    expect(await metric(open.gateway.url, "switchyard_redis_up")).toBe(0);

    // Fail-open: still serving, and the key's RPM still holds within this instance.
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => post(`${open.gateway.url}/v1/chat/completions`, key, chatBody("down"))),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(count(replies, (reply) => reply.status === 200)).toBe(5);
    expect(count(replies, (reply) => reply.status === 429)).toBe(3);
    expect(await metric(open.gateway.url, "switchyard_limit_fallbacks_total")).toBeGreaterThanOrEqual(8);
    expect(open.logs.text()).toContain("limits and budgets are per-instance until Redis is back");

    // Fail-closed: limited requests are refused, and the gateway says it is not ready.
    await until(async () => (await readiness(closed)).status === 503, 5_000);
    expect((await readiness(closed)).body).toMatchObject({ status: "not_ready", redis: "down" });
    const refused = await post(`${closed.gateway.url}/v1/chat/completions`, key, chatBody("closed"));
    expect(refused.status).toBe(503);
    expect(refused.json()).toEqual({
      error: {
        message: expect.stringContaining("Rate limits cannot be checked"),
        type: "api_error",
        param: null,
        code: "limits_unavailable",
      },
    });
    expect(refused.headers["retry-after"]).toBe("1");

    // Back up on the same port: both reconnect by themselves.
    await proxy.start();
    await until(async () => (await readiness(open)).body.redis === "up", 15_000);
    await until(async () => (await readiness(closed)).status === 200, 15_000);
    expect(await metric(open.gateway.url, "switchyard_redis_up")).toBe(1);
    expect((await post(`${closed.gateway.url}/v1/chat/completions`, key, chatBody("back"))).status).toBe(200);
  });
});
