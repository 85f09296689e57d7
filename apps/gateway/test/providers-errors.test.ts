import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { allSecrets, type ProviderId, type ProvidersHarness, providerIds, startProvidersHarness } from "./providers-harness";

/**
 * Upstream failures through every adapter, as the official `openai` SDK sees them: each
 * provider's own error replies (fakes speak each wire format) mapped to the gateway's statuses
 * (ARCHITECTURE.md "Data plane HTTP"): 429 keeps the upstream's wait as retry-after, 5xx → 502,
 * too slow → 504, prompt too long → 400 context_length_exceeded, a stream cut mid-answer → an
 * error event after the words already sent. One attempt per request (retries: 0).
 */

const timeoutMs = 400;
let harness: ProvidersHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startProvidersHarness({ timeoutMs });
  client = harness.openai();
});
afterAll(async () => {
  await harness?.close();
});
beforeEach(() => harness.resetFakes());

type ApiError = InstanceType<typeof OpenAI.APIError>;

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("expected an API error");
}

/**
 * The wait each fake asks for on a 429, in its own way: retry-after headers (OpenAI-style,
 * Anthropic, Ollama), RetryInfo in the body (Gemini); Bedrock's throttling carries none.
 */
const forwardsRetryAfter: Record<ProviderId, boolean> = {
  openai: true,
  azure: true,
  together: true,
  anthropic: true,
  gemini: true,
  bedrock: false,
  ollama: true,
};

/** Errors name the adapter that failed. */
const adapterNames: Record<ProviderId, string> = {
  openai: "openai",
  azure: "azure",
  together: "openai-compatible/together",
  anthropic: "anthropic",
  gemini: "gemini",
  bedrock: "bedrock",
  ollama: "ollama",
};

/** Frames each fake writes before a cut, and how many of them carry a word of text. */
const cutAfterFrames = 4;
const wordsBeforeCut: Record<ProviderId, number> = {
  // A role-only chunk first.
  openai: 3,
  azure: 3,
  together: 3,
  // message_start, content_block_start, ping.
  anthropic: 1,
  // messageStart.
  bedrock: 3,
  gemini: 4,
  ollama: 4,
};

const hello = [{ role: "user" as const, content: "hello there" }];

describe.each(providerIds)("%s upstream errors through the gateway", (provider) => {
  const model = () => harness.providers[provider].chatModel;
  const fake = () => harness.providers[provider].fake;

  it("429 → 429 rate_limit_exceeded, with the upstream's wait as retry-after", async () => {
    fake().fail({ type: "rate-limit", retryAfterSeconds: 3 });
    const error = await apiError(client.chat.completions.create({ model: model(), messages: hello }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.code).toBe("rate_limit_exceeded");
    expect(error.type).toBe("rate_limit_error");
    expect(error.headers?.get("retry-after")).toBe(forwardsRetryAfter[provider] ? "3" : null);
    expect(error.headers?.get("x-switchyard-deployment")).toMatch(new RegExp(`^${provider}-`));
    expect(error.headers?.get("x-request-id")).toBeTruthy();
    expect(fake().requests).toHaveLength(1);
  });

  it("429 on a stream, before its first chunk → the same 429 (nothing was sent yet)", async () => {
    fake().fail({ type: "rate-limit", retryAfterSeconds: 2 });
    const error = await apiError(
      (async () => {
        for await (const _chunk of await client.chat.completions.create({ model: model(), stream: true, messages: hello })) {
          // nothing arrives
        }
      })(),
    );
    expect(error.status).toBe(429);
    expect(error.headers?.get("retry-after")).toBe(forwardsRetryAfter[provider] ? "2" : null);
  });

  it("5xx → 502 api_error naming the provider", async () => {
    fake().fail({ type: "status", status: 500 });
    const error = await apiError(client.chat.completions.create({ model: model(), messages: hello }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error.status).toBe(502);
    expect(error.type).toBe("api_error");
    expect(error.code).toBe("upstream_error");
    expect((error.error as { message: string }).message.startsWith(`${adapterNames[provider]}: `)).toBe(true);
  });

  it("no answer within the deployment's timeoutMs → 504", async () => {
    fake().fail({ type: "latency", ms: timeoutMs * 4 });
    const started = Date.now();
    const error = await apiError(client.chat.completions.create({ model: model(), messages: hello }));
    expect(error.status).toBe(504);
    expect(error.code).toBe("upstream_timeout");
    expect(Date.now() - started).toBeLessThan(timeoutMs * 3);
  });

  it("prompt too long → 400 context_length_exceeded", async () => {
    fake().fail({ type: "context-length" });
    const error = await apiError(client.chat.completions.create({ model: model(), messages: hello }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.code).toBe("context_length_exceeded");
  });

  it("a stream cut mid-answer ends with an error event after exactly the words sent before the cut", async () => {
    const request = {
      model: model(),
      stream: true as const,
      messages: [{ role: "user" as const, content: "a prompt long enough for many streamed words to come back" }],
    };
    let full = "";
    for await (const chunk of await client.chat.completions.create(request)) full += chunk.choices[0]?.delta.content ?? "";

    fake().fail({ type: "cut", afterChunks: cutAfterFrames });
    let text = "";
    const error = await apiError(
      (async () => {
        for await (const chunk of await client.chat.completions.create(request)) text += chunk.choices[0]?.delta.content ?? "";
      })(),
    );
    expect(error.message.startsWith(`${adapterNames[provider]}: `)).toBe(true);
    // Every frame written before the cut reached the client; nothing after it did.
    const words = full.match(/\s*\S+/g) ?? [];
    expect(text).toBe(words.slice(0, wordsBeforeCut[provider]).join(""));
  });
});

describe("embeddings errors", () => {
  it.each(["openai", "gemini", "ollama"] as const)("%s: 429 → 429 with retry-after, 5xx → 502", async (provider) => {
    const { embeddingModel, fake } = harness.providers[provider];
    if (!embeddingModel) throw new Error("no embedding model");
    fake.fail({ type: "rate-limit", retryAfterSeconds: 4 }, { endpoint: "embeddings" });
    const limited = await apiError(client.embeddings.create({ model: embeddingModel, input: "x" }));
    expect(limited.status).toBe(429);
    expect(limited.headers?.get("retry-after")).toBe("4");
    fake.fail({ type: "status", status: 500 }, { endpoint: "embeddings" });
    const failed = await apiError(client.embeddings.create({ model: embeddingModel, input: "x" }));
    expect(failed.status).toBe(502);
  });
});

describe("secrets", () => {
  it("no provider secret in any log line after all of the above", () => {
    const logs = harness.logs.text();
    expect(logs).toContain("upstream error");
    for (const secret of allSecrets) expect(logs).not.toContain(secret);
  });
});
