import { describe, expect, it } from "vitest";
import { openaiAdapter } from "../src/openai";
import { providerRegistry } from "../src/registry";
import { UpstreamError } from "../src/spec";
import { callContext, runStream, simpleRequest, sse } from "./helpers";

const context = callContext({ provider: "openai", apiBase: "https://api.openai.com/v1", model: "gpt-4o-mini" });
const streamContext = callContext({ provider: "openai", apiBase: "https://api.openai.com/v1", model: "gpt-4o-mini" }, true);

describe("openai adapter: request", () => {
  it("sends the client's body with the upstream model, bearer auth and JSON headers", async () => {
    const upstream = await openaiAdapter.chat.buildRequest({ ...simpleRequest, logit_bias: { "50256": -100 }, vendor_field: 1 }, context);
    expect(upstream.url).toBe("https://api.openai.com/v1/chat/completions");
    expect(upstream.method).toBe("POST");
    expect(upstream.headers).toEqual({
      authorization: "Bearer sk-test-key",
      "content-type": "application/json",
      accept: "application/json",
    });
    expect(JSON.parse(String(upstream.body))).toEqual({
      model: "gpt-4o-mini",
      messages: simpleRequest.messages,
      temperature: 0.5,
      logit_bias: { "50256": -100 },
      vendor_field: 1,
    });
  });

  it("asks for usage when streaming and drops stream_options otherwise", async () => {
    const streaming = await openaiAdapter.chat.buildRequest({ ...simpleRequest, stream: true }, streamContext);
    expect(streaming.headers.accept).toBe("text/event-stream");
    expect(JSON.parse(String(streaming.body))).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const plain = await openaiAdapter.chat.buildRequest({ ...simpleRequest, stream_options: { include_usage: true } }, context);
    expect(JSON.parse(String(plain.body))).not.toHaveProperty("stream_options");
  });

  it("adds organization and project headers from deployment options", async () => {
    const withOptions = callContext({
      provider: "openai",
      apiBase: "https://api.openai.com/v1",
      model: "gpt-4o",
      options: { organization: "org-1", project: "proj-1" },
    });
    const upstream = await openaiAdapter.chat.buildRequest(simpleRequest, withOptions);
    expect(upstream.headers).toMatchObject({ "openai-organization": "org-1", "openai-project": "proj-1" });
  });
});

describe("openai adapter: response", () => {
  // From OpenAI's API reference (chat completion object).
  const completion = {
    id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
    object: "chat.completion",
    created: 1741570283,
    model: "gpt-4o-2024-08-06",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: "The image shows a wooden boardwalk.", refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage: {
      prompt_tokens: 1117,
      completion_tokens: 46,
      total_tokens: 1163,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: "default",
    system_fingerprint: "fp_fc9f1d7035",
  };

  it("passes OpenAI's completion through and reports finish reasons", () => {
    const result = openaiAdapter.chat.parseResponse(structuredClone(completion), context);
    expect(result.completion).toEqual(completion);
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "stop" }]);
  });

  it("fills what lenient servers omit and normalises foreign finish reasons", () => {
    const result = openaiAdapter.chat.parseResponse({ choices: [{ message: { content: "hi" }, finish_reason: "eos_token" }] }, context);
    expect(result.completion).toMatchObject({
      id: "chatcmpl-req_test",
      object: "chat.completion",
      created: 1_700_000_000,
      model: "gpt-4o-mini",
      choices: [{ message: { role: "assistant", content: "hi" }, finish_reason: "stop" }],
    });
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "eos_token" }]);
  });

  it("throws an UpstreamError for a reply without choices", () => {
    expect(() => openaiAdapter.chat.parseResponse({ nope: true }, context)).toThrow(UpstreamError);
  });
});

describe("openai adapter: stream", () => {
  const base = {
    id: "chatcmpl-123",
    object: "chat.completion.chunk",
    created: 1694268190,
    model: "gpt-4o-mini",
    system_fingerprint: "fp_44709d6fcb",
  };
  const text = sse([
    { ...base, usage: null, choices: [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }] },
    { ...base, usage: null, choices: [{ index: 0, delta: { content: "Hello" }, logprobs: null, finish_reason: null }] },
    {
      ...base,
      usage: null,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "" } }] },
          finish_reason: null,
        },
      ],
    },
    {
      ...base,
      usage: null,
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }, finish_reason: null }],
    },
    { ...base, usage: null, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "tool_calls" }] },
    { ...base, choices: [], usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 } },
    "[DONE]",
  ]);

  it("emits content chunks without usage and lifts usage into the summary", () => {
    const parts = runStream(openaiAdapter, streamContext, text);
    expect(parts.every((part) => part.type === "chunk")).toBe(true);
    const chunks = parts.flatMap((part) => (part.type === "chunk" ? [part.chunk] : []));
    expect(chunks).toHaveLength(5);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(chunks.some((chunk) => "usage" in chunk)).toBe(false);
    expect(chunks[3]?.choices[0]?.delta.tool_calls?.[0]?.function?.arguments).toBe('{"a":1}');
    expect(chunks[4]?.choices[0]?.finish_reason).toBe("tool_calls");
  });

  it("reports the summary: id, model, usage, finish reasons, completion", () => {
    const transformer = openaiAdapter.chat.createStreamTransformer(streamContext);
    const decoderText = text.split("\n\n").filter(Boolean);
    for (const line of decoderText) transformer.transform({ data: line.slice("data: ".length) });
    expect(transformer.summary()).toEqual({
      id: "chatcmpl-123",
      created: 1694268190,
      model: "gpt-4o-mini",
      systemFingerprint: "fp_44709d6fcb",
      usage: { prompt_tokens: 9, completion_tokens: 12, total_tokens: 21 },
      finishReasons: [{ unified: "tool_calls", raw: "tool_calls" }],
      completed: true,
    });
  });

  it("turns an in-stream error object into an error part", () => {
    const parts = runStream(openaiAdapter, streamContext, sse([{ error: { message: "overloaded", type: "server_error", code: null } }]));
    expect(parts[0]?.type).toBe("error");
  });

  it("reports a stream that ends without [DONE] or a finish reason", () => {
    const parts = runStream(
      openaiAdapter,
      streamContext,
      sse([{ ...base, choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] }]),
    );
    expect(parts.at(-1)).toMatchObject({ type: "error", error: { kind: "stream" } });
  });
});

describe("openai adapter: errors", () => {
  const errorBody = (message: string, type: string, code: string | null, param: string | null = null) =>
    JSON.stringify({ error: { message, type, param, code } });

  it("maps 429 with retry-after to a retryable rate_limit", () => {
    const error = openaiAdapter.mapError(
      {
        status: 429,
        headers: { "retry-after": "20", "retry-after-ms": "19500" },
        body: errorBody("Rate limit reached", "requests", "rate_limit_exceeded"),
      },
      context,
    );
    expect(error).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryable: true,
      retryAfterMs: 19500,
      gatewayStatus: 429,
      provider: "openai",
    });
    expect(error.toOpenAIError()).toEqual({
      error: { message: "openai: Rate limit reached", type: "rate_limit_error", param: null, code: "rate_limit_exceeded" },
    });
  });

  it("does not retry a spent quota", () => {
    const error = openaiAdapter.mapError(
      { status: 429, headers: {}, body: errorBody("quota", "insufficient_quota", "insufficient_quota") },
      context,
    );
    expect(error.retryable).toBe(false);
  });

  it("maps context length and content filter 400s", () => {
    const tooLong = openaiAdapter.mapError(
      {
        status: 400,
        headers: {},
        body: errorBody(
          "This model's maximum context length is 8192 tokens",
          "invalid_request_error",
          "context_length_exceeded",
          "messages",
        ),
      },
      context,
    );
    expect(tooLong).toMatchObject({
      kind: "context_length",
      gatewayStatus: 400,
      code: "context_length_exceeded",
      param: "messages",
      retryable: false,
    });
    const filtered = openaiAdapter.mapError(
      { status: 400, headers: {}, body: errorBody("filtered", "invalid_request_error", "content_filter") },
      context,
    );
    expect(filtered.kind).toBe("content_filter");
  });

  it("hides the upstream's words (and our key) on auth failures", () => {
    const error = openaiAdapter.mapError(
      { status: 401, headers: {}, body: errorBody("Incorrect API key provided: sk-test-key.", "invalid_request_error", "invalid_api_key") },
      context,
    );
    expect(error).toMatchObject({ kind: "auth", gatewayStatus: 502, retryable: false });
    expect(JSON.stringify(error.toOpenAIError())).not.toContain("sk-test-key");
    expect(error.body).not.toContain("sk-test-key");
  });

  it("maps 5xx and unreadable bodies to retryable server errors", () => {
    const error = openaiAdapter.mapError({ status: 503, headers: {}, body: "<html>Service Unavailable</html>" }, context);
    expect(error).toMatchObject({ kind: "overloaded", retryable: true, gatewayStatus: 503 });
    expect(openaiAdapter.mapError({ status: 500, headers: {}, body: "" }, context)).toMatchObject({ kind: "server", gatewayStatus: 502 });
  });
});

describe("openai adapter: embeddings", () => {
  it("builds the request and passes the reply through", async () => {
    const embeddings = openaiAdapter.embeddings;
    if (!embeddings) throw new Error("openai serves embeddings");
    const embeddingContext = callContext({ provider: "openai", apiBase: "https://api.openai.com/v1", model: "text-embedding-3-small" });
    const upstream = await embeddings.buildRequest({ model: "embed", input: ["a"], dimensions: 256 }, embeddingContext);
    expect(upstream.url).toBe("https://api.openai.com/v1/embeddings");
    expect(JSON.parse(String(upstream.body))).toEqual({ model: "text-embedding-3-small", input: ["a"], dimensions: 256 });
    const reply = embeddings.parseResponse(
      {
        object: "list",
        data: [{ object: "embedding", index: 0, embedding: [0.1, 0.2] }],
        model: "text-embedding-3-small",
        usage: { prompt_tokens: 1, total_tokens: 1 },
      },
      embeddingContext,
    );
    expect(reply.data[0]?.embedding).toEqual([0.1, 0.2]);
  });
});

describe("registry", () => {
  it("resolves providers and presets by name", () => {
    expect(providerRegistry.resolve({ provider: "openai" })?.name).toBe("openai");
    expect(providerRegistry.resolve({ provider: "azure" })?.name).toBe("azure");
    expect(providerRegistry.resolve({ provider: "openai-compatible" })?.name).toBe("openai-compatible");
    expect(providerRegistry.resolve({ provider: "openai-compatible", preset: "groq" })?.name).toBe("openai-compatible/groq");
    expect(providerRegistry.resolve({ provider: "openai-compatible", preset: "nope" })).toBeUndefined();
    expect(() => providerRegistry.register(openaiAdapter)).toThrow(/already registered/);
  });
});
