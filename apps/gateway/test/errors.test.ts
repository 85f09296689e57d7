import { createServer } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expiredKey, type Harness, restrictedKey, startHarness, testConfig, upstreamKey, virtualKey } from "./helpers";

const wrongUpstreamKey = "sk-wrong-SECRET-zyxwvutsrqpon";
let harness: Harness;
let closedPort: number;

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  closedPort = await unusedPort();
  harness = await startHarness({
    config: (upstream) => {
      // One attempt per request: these tests are about how a single upstream failure is rendered
      // (retries and fallbacks have their own tests in routing-*.test.ts).
      const base = testConfig(upstream, { limits: { maxBodyBytes: 4096 }, routing: { retries: 0 } });
      return {
        ...base,
        models: [
          ...(base.models ?? []),
          {
            name: "slow",
            deployments: [
              { id: "slow-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, apiKey: upstreamKey, timeoutMs: 300 },
            ],
          },
          {
            name: "down",
            deployments: [
              { id: "down-1", provider: "openai", model: "demo-fast", apiBase: `http://127.0.0.1:${closedPort}/v1`, apiKey: upstreamKey },
            ],
          },
          {
            name: "badcreds",
            deployments: [{ id: "badcreds-1", provider: "openai", model: "demo-fast", apiBase: upstream.url, apiKey: wrongUpstreamKey }],
          },
        ],
      };
    },
  });
});
afterAll(async () => {
  await harness.close();
});
beforeEach(() => {
  harness.upstream.reset();
});

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("expected an API error");
}

const hello = [{ role: "user" as const, content: "hello" }];

describe("gateway errors, in OpenAI's envelope", () => {
  it("401 without a key, with a wrong key, with an expired key", async () => {
    const missing = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "demo-fast", messages: hello }),
    });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("x-request-id")).toBeTruthy();
    expect(await missing.json()).toEqual({
      error: {
        message: expect.stringContaining("didn't provide an API key"),
        type: "authentication_error",
        param: null,
        code: "missing_api_key",
      },
    });

    const wrong = await apiError(
      harness.clientFor("sk-sy-nope-000000000").chat.completions.create({ model: "demo-fast", messages: hello }),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe("invalid_api_key");

    const expired = await apiError(harness.clientFor(expiredKey).chat.completions.create({ model: "demo-fast", messages: hello }));
    expect(expired.status).toBe(401);
    expect(expired.code).toBe("expired_api_key");
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it("403 for a model outside the key's allow-list, 404 for an unknown model", async () => {
    const forbidden = await apiError(harness.clientFor(restrictedKey).chat.completions.create({ model: "demo-smart", messages: hello }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.code).toBe("model_not_allowed");
    expect(forbidden.param).toBe("model");

    const unknown = await apiError(harness.client.chat.completions.create({ model: "gpt-nope", messages: hello }));
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe("model_not_found");
  });

  it("400 naming the offending field; 400 for malformed JSON", async () => {
    const badTemperature = await apiError(harness.client.chat.completions.create({ model: "demo-fast", messages: hello, temperature: 5 }));
    expect(badTemperature.status).toBe(400);
    expect(badTemperature.param).toBe("temperature");
    expect(badTemperature.type).toBe("invalid_request_error");

    const badRole = await apiError(
      // @ts-expect-error a role OpenAI does not have
      harness.client.chat.completions.create({ model: "demo-fast", messages: [{ role: "robot", content: "x" }] }),
    );
    expect(badRole.status).toBe(400);
    expect(badRole.param).toMatch(/^messages\[0\]/);

    const noMessages = await apiError(harness.client.chat.completions.create({ model: "demo-fast", messages: [] }));
    expect(noMessages.param).toBe("messages");

    const malformed = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json" },
      body: '{"model": "demo-fast", "messages": [',
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe("invalid_json");
  });

  it("413 when the body exceeds limits.maxBodyBytes (declared and chunked)", async () => {
    const big = "x".repeat(5000);
    const declared = await apiError(
      harness.client.chat.completions.create({ model: "demo-fast", messages: [{ role: "user", content: big }] }),
    );
    expect(declared.status).toBe(413);
    expect(declared.code).toBe("request_too_large");

    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ model: "demo-fast", messages: [{ role: "user", content: big }] })));
        controller.close();
      },
    });
    const chunked = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${virtualKey}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it("429 with retry-after when the upstream rate-limits", async () => {
    harness.upstream.fail({ type: "rate-limit", retryAfterSeconds: 7 });
    const error = await apiError(harness.client.chat.completions.create({ model: "demo-fast", messages: hello }));
    expect(error.status).toBe(429);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.headers?.get("retry-after")).toBe("7");
    expect(error.headers?.get("x-switchyard-deployment")).toBe("fast-1");
    expect(error.message).toContain("openai: Rate limit reached");

    // A stream that fails before its first byte is a plain JSON error too, not a 200 SSE.
    harness.upstream.fail({ type: "rate-limit", retryAfterSeconds: 2 });
    const streamError = await apiError(harness.client.chat.completions.create({ model: "demo-fast", stream: true, messages: hello }));
    expect(streamError.status).toBe(429);
    expect(streamError.headers?.get("retry-after")).toBe("2");
  });

  it("502 when the upstream fails with a 5xx or refuses the connection", async () => {
    harness.upstream.fail({ type: "status", status: 500 });
    const serverError = await apiError(harness.client.chat.completions.create({ model: "demo-fast", messages: hello }));
    expect(serverError.status).toBe(502);
    expect(serverError.type).toBe("api_error");

    const refused = await apiError(harness.client.chat.completions.create({ model: "down", messages: hello }));
    expect(refused.status).toBe(502);
    expect(refused.code).toBe("upstream_unreachable");
    expect(refused.headers?.get("x-switchyard-deployment")).toBeNull();
  });

  it("504 when the upstream is slower than the deployment's timeoutMs", async () => {
    harness.upstream.fail({ type: "latency", ms: 1_500 });
    const started = Date.now();
    const error = await apiError(harness.client.chat.completions.create({ model: "slow", messages: hello }));
    expect(error.status).toBe(504);
    expect(error.code).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(1_400);
  });

  it("a connection cut mid-stream ends the stream with an error event", async () => {
    harness.upstream.fail({ type: "cut", afterChunks: 2 });
    const stream = await harness.client.chat.completions.create({ model: "demo-fast", stream: true, messages: hello });
    const received: string[] = [];
    const failure = await (async () => {
      try {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? "");
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(received.length).toBe(2);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
  });

  it("never leaks provider or virtual keys into error bodies or logs", async () => {
    const upstreamAuth = await apiError(harness.client.chat.completions.create({ model: "badcreds", messages: hello }));
    expect(upstreamAuth.status).toBe(502);
    expect(upstreamAuth.code).toBe("upstream_auth_error");
    const exposed = JSON.stringify(upstreamAuth.error) + upstreamAuth.message;
    expect(exposed).not.toContain(wrongUpstreamKey);
    expect(exposed).not.toContain(wrongUpstreamKey.slice(-4));

    harness.upstream.fail({
      type: "status",
      status: 400,
      body: { error: { message: `bad request, your key is ${upstreamKey}`, type: "invalid_request_error" } },
    });
    const echoed = await apiError(harness.client.chat.completions.create({ model: "demo-fast", messages: hello }));
    expect(echoed.status).toBe(400);
    expect(echoed.message).not.toContain(upstreamKey);
    expect(echoed.message).toContain("[redacted]");

    const logs = harness.logs.text();
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [upstreamKey, wrongUpstreamKey, virtualKey, restrictedKey, expiredKey]) expect(logs).not.toContain(secret);
    // The upstream error was logged (redacted), so the check above looked at real error lines.
    expect(logs).toContain("upstream error");
  });
});
