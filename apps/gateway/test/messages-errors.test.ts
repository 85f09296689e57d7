import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { allSecrets, narrowKey, type ProvidersHarness, secrets, startProvidersHarness, virtualKey } from "./providers-harness";

/**
 * /v1/messages errors, as the Anthropic SDK sees them: Anthropic's envelope
 * `{"type":"error","error":{"type","message"}}`, the status that makes the SDK raise the matching
 * exception class, and the headers (retry-after, request-id) it reads.
 */

let harness: ProvidersHarness;
let client: Anthropic;
const bodyLimit = 16 * 1024;
const oneRequestKey = "sk-sy-messages-one-rpm-0123456789";

beforeAll(async () => {
  harness = await startProvidersHarness({
    timeoutMs: 400,
    maxBodyBytes: bodyLimit,
    extraKeys: [{ key: oneRequestKey, name: "one-a-minute", team: "research", rpm: 1 }],
    // A deployment that waits long enough that only the client's hang-up can end its call early.
    extraModels: (fakes) => [
      {
        name: "gemini-patient",
        deployments: [
          {
            id: "gemini-patient",
            provider: "gemini",
            model: "gemini-2.5-flash",
            apiBase: fakes.gemini.url,
            apiKey: secrets.gemini,
            timeoutMs: 10_000,
          },
        ],
      },
    ],
  });
  client = harness.anthropic();
});
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => harness.resetFakes());

const hello: Anthropic.MessageParam[] = [{ role: "user", content: "hello" }];

async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof Anthropic.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error;
    throw error;
  }
  throw new Error("expected an API error");
}

/** The envelope the SDK parsed, checked to be exactly Anthropic's shape. */
function envelope(error: InstanceType<typeof Anthropic.APIError>): { type: string; message: string } {
  expect(error.error).toEqual({ type: "error", error: { type: expect.any(String), message: expect.any(String) } });
  return (error.error as { error: { type: string; message: string } }).error;
}

describe("/v1/messages errors in Anthropic's envelope", () => {
  it("401 authentication_error for a wrong key, a missing key and an expired-looking key", async () => {
    const wrong = await apiError(
      harness.anthropic("sk-sy-not-a-key-000000").messages.create({ model: "openai-chat", max_tokens: 10, messages: hello }),
    );
    expect(wrong).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(wrong.status).toBe(401);
    expect(envelope(wrong)).toEqual({ type: "authentication_error", message: "Incorrect API key provided." });
    expect(wrong.requestID).toBeTruthy();
    expect(wrong.headers?.get("x-request-id")).toBe(wrong.requestID);

    const missing = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01" },
      body: JSON.stringify({ model: "openai-chat", max_tokens: 10, messages: hello }),
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({
      type: "error",
      error: { type: "authentication_error", message: expect.stringContaining("API key") },
    });
    expect(harness.fakes.openai.requests).toHaveLength(0);
  });

  it("403 permission_error when the key may not use the model", async () => {
    const error = await apiError(harness.anthropic(narrowKey).messages.create({ model: "gemini-chat", max_tokens: 10, messages: hello }));
    expect(error).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect(envelope(error)).toMatchObject({ type: "permission_error", message: expect.stringContaining("gemini-chat") });
    expect(harness.fakes.gemini.requests).toHaveLength(0);
  });

  it("404 not_found_error for an unknown model", async () => {
    const error = await apiError(client.messages.create({ model: "claude-opus-9", max_tokens: 10, messages: hello }));
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect(error.status).toBe(404);
    expect(envelope(error)).toEqual({
      type: "not_found_error",
      message: "The model `claude-opus-9` does not exist or you do not have access to it.",
    });
  });

  it("400 invalid_request_error naming the field (wrong type, missing field, bad block)", async () => {
    const wrongType = await apiError(
      client.messages.create({ model: "openai-chat", max_tokens: "lots" as unknown as number, messages: hello }),
    );
    expect(wrongType).toBeInstanceOf(Anthropic.BadRequestError);
    expect(envelope(wrongType)).toMatchObject({ type: "invalid_request_error", message: expect.stringMatching(/^max_tokens: /) });

    const missing = await apiError(
      client.messages.create({ model: "openai-chat", max_tokens: 10 } as unknown as Anthropic.MessageCreateParamsNonStreaming),
    );
    expect(envelope(missing)).toMatchObject({ type: "invalid_request_error", message: expect.stringMatching(/^messages: /) });

    const badBlock = await apiError(
      client.messages.create({
        model: "openai-chat",
        max_tokens: 10,
        messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png" } } as never] }],
      }),
    );
    expect(envelope(badBlock)).toMatchObject({
      type: "invalid_request_error",
      message: expect.stringMatching(/^messages\.0\.content\.0\.source\.data: /),
    });

    const malformed = await fetch(`${harness.gateway.url}/v1/messages`, {
      method: "POST",
      headers: { "x-api-key": virtualKey, "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining("JSON") },
    });
    expect(harness.fakes.openai.requests).toHaveLength(0);
  });

  it("413 request_too_large past the body limit", async () => {
    const error = await apiError(
      client.messages.create({ model: "openai-chat", max_tokens: 10, messages: [{ role: "user", content: "x".repeat(bodyLimit * 2) }] }),
    );
    expect(error.status).toBe(413);
    expect(envelope(error)).toEqual({
      type: "request_too_large",
      message: `Request body is larger than the ${bodyLimit} bytes this gateway accepts.`,
    });
  });

  it("429 rate_limit_error with retry-after when the gateway's own key limit is reached", async () => {
    const limited = harness.anthropic(oneRequestKey);
    await limited.messages.create({ model: "openai-chat", max_tokens: 10, messages: hello });
    const error = await apiError(limited.messages.create({ model: "openai-chat", max_tokens: 10, messages: hello }));
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(Number(error.headers?.get("retry-after"))).toBeGreaterThan(0);
    expect(envelope(error).type).toBe("rate_limit_error");
    expect(harness.fakes.openai.requests).toHaveLength(1);
  });

  it.each(["openai", "anthropic", "gemini"] as const)(
    "429 rate_limit_error with the upstream's retry-after (%s upstream)",
    async (provider) => {
      harness.providers[provider].fake.fail({ type: "rate-limit", retryAfterSeconds: 7 });
      const error = await apiError(client.messages.create({ model: `${provider}-chat`, max_tokens: 10, messages: hello }));
      expect(error).toBeInstanceOf(Anthropic.RateLimitError);
      expect(error.status).toBe(429);
      expect(error.headers?.get("retry-after")).toBe("7");
      expect(envelope(error).type).toBe("rate_limit_error");
      expect(error.headers?.get("x-switchyard-deployment")).toMatch(new RegExp(`^${provider}-`));
    },
  );

  it("502 api_error when the upstream fails, 504 timeout_error when it is too slow", async () => {
    harness.fakes.anthropic.fail({ type: "status", status: 500 });
    const failed = await apiError(client.messages.create({ model: "anthropic-chat", max_tokens: 10, messages: hello }));
    expect(failed).toBeInstanceOf(Anthropic.InternalServerError);
    expect(failed.status).toBe(502);
    expect(envelope(failed)).toMatchObject({ type: "api_error", message: expect.stringMatching(/^anthropic: /) });

    harness.fakes.openai.fail({ type: "latency", ms: 1_500 });
    const slow = await apiError(client.messages.create({ model: "openai-chat", max_tokens: 10, messages: hello }));
    expect(slow.status).toBe(504);
    expect(envelope(slow).type).toBe("timeout_error");
  });

  it("a stream cut mid-answer ends with Anthropic's error event, which the SDK raises", async () => {
    harness.fakes.openai.fail({ type: "cut", afterChunks: 4 });
    const stream = client.messages.stream({
      model: "openai-chat",
      max_tokens: 200,
      messages: [{ role: "user", content: "a long enough prompt to stream several words back" }],
    });
    const pieces: string[] = [];
    stream.on("text", (piece) => pieces.push(piece));
    const error = await apiError(stream.finalMessage());
    expect(error.error).toMatchObject({ type: "error", error: { type: "api_error", message: expect.stringMatching(/^openai: /) } });
    // Words the upstream sent before the cut still reached the client.
    expect(pieces.join("")).toContain("Hello");
  });

  it("a client that hangs up aborts the upstream request", async () => {
    harness.fakes.gemini.fail({ type: "latency", ms: 3_000 });
    const controller = new AbortController();
    const pending = client.messages.create({ model: "gemini-patient", max_tokens: 10, messages: hello }, { signal: controller.signal });
    await vi.waitFor(() => expect(harness.fakes.gemini.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    const upstream = harness.fakes.gemini.requests[0];
    // Well before the fake's 3 s and the deployment's 10 s timeout: the hang-up did it.
    await vi.waitFor(() => expect(upstream?.aborted).toBe(true), { timeout: 1_000 });
  });

  it("upstream credential refusals are the gateway's problem (502), never echo the provider key", async () => {
    const wrongKeyHarness = await startProvidersHarness({
      extraModels: (fakes) => [
        {
          name: "openai-wrong-key",
          deployments: [
            {
              id: "openai-wrong",
              provider: "openai",
              model: "demo-fast",
              apiBase: fakes.openai.url,
              apiKey: "sk-wrong-SECRET-9f8e7d6c5b4a",
            },
          ],
        },
      ],
    });
    try {
      const error = await apiError(
        wrongKeyHarness.anthropic().messages.create({ model: "openai-wrong-key", max_tokens: 10, messages: hello }),
      );
      expect(error.status).toBe(502);
      expect(JSON.stringify(error.error)).not.toContain("9f8e7d6c5b4a");
      expect(wrongKeyHarness.logs.text()).not.toContain("sk-wrong-SECRET-9f8e7d6c5b4a");
    } finally {
      await wrongKeyHarness.close();
    }
    for (const secret of allSecrets) expect(harness.logs.text()).not.toContain(secret);
  });
});
