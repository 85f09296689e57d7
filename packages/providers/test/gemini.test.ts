import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeGemini, startFakeGemini } from "@switchyard/testkit/fake-gemini";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { geminiAdapter } from "../src/gemini";
import { providerRegistry } from "../src/registry";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { callChat, callContext, callEmbeddings, expectError, expectResult, pixelBase64, pixelDataUrl } from "./support/http-upstream";

const apiKey = "AIzaSy-test-0123456789";
let fake: FakeGemini;

function context(stream = false, model = "gemini-2.5-flash"): CallContext {
  return callContext({ provider: "gemini", apiBase: fake.url, model, apiKey }, stream);
}

function lastBody(): Record<string, unknown> {
  const body = fake.requests.at(-1)?.body;
  if (typeof body !== "object" || body === null) throw new Error("no request recorded");
  return body as Record<string, unknown>;
}

beforeAll(async () => {
  fake = await startFakeGemini({ apiKey });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("gemini adapter: requests and replies", () => {
  it("sends a plain chat to generateContent with x-goog-api-key and translates the reply", async () => {
    const request: ChatCompletionRequest = { model: "fast", messages: [{ role: "user", content: "Hello there" }] };
    const upstream = await geminiAdapter.chat.buildRequest(request, context());
    expect(upstream.url).toBe(`${fake.url}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(upstream.headers).toEqual({ "content-type": "application/json", accept: "application/json", "x-goog-api-key": apiKey });

    const result = expectResult(await callChat(geminiAdapter, request, context()));
    expect(fake.requests[0]?.path).toBe("/v1beta/models/gemini-2.5-flash:generateContent");
    expect(fake.requests[0]?.headers["x-goog-api-key"]).toBe(apiKey);
    expect(fake.requests[0]?.body).toEqual({ contents: [{ role: "user", parts: [{ text: "Hello there" }] }] });
    expect(result.completion).toMatchObject({
      object: "chat.completion",
      model: "gemini-2.5-flash",
      created: 1_700_000_000,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: 'Hello from gemini-2.5-flash! You said: "Hello there".' },
          finish_reason: "stop",
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 14, total_tokens: 17 },
    });
    expect(result.completion.id).toMatch(/^chatcmpl-/);
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "STOP" }]);
  });

  it("hoists system messages into systemInstruction, merges turns and maps generationConfig", async () => {
    const result = expectResult(
      await callChat(
        geminiAdapter,
        {
          model: "fast",
          messages: [
            { role: "system", content: "You are terse." },
            { role: "user", content: "One" },
            { role: "user", content: "Two" },
            { role: "assistant", content: "Noted." },
            { role: "developer", content: "Answer in English." },
            { role: "user", content: "Three" },
          ],
          temperature: 0.3,
          top_p: 0.8,
          max_tokens: 5,
          stop: "END",
          n: 2,
          seed: 7,
          presence_penalty: 0.5,
        },
        context(),
      ),
    );
    expect(lastBody()).toEqual({
      systemInstruction: { parts: [{ text: "You are terse." }, { text: "Answer in English." }] },
      contents: [
        { role: "user", parts: [{ text: "One" }, { text: "Two" }] },
        { role: "model", parts: [{ text: "Noted." }] },
        { role: "user", parts: [{ text: "Three" }] },
      ],
      generationConfig: {
        temperature: 0.3,
        topP: 0.8,
        maxOutputTokens: 5,
        stopSequences: ["END"],
        candidateCount: 2,
        seed: 7,
        presencePenalty: 0.5,
      },
    });
    expect(result.completion.choices).toHaveLength(2);
    expect(result.completion.choices.map((choice) => choice.finish_reason)).toEqual(["length", "length"]);
    expect(result.finishReasons).toEqual([
      { unified: "length", raw: "MAX_TOKENS" },
      { unified: "length", raw: "MAX_TOKENS" },
    ]);
  });

  it("round-trips a tool call: functionDeclarations out, functionCall back, functionResponse named from the earlier call", async () => {
    const first = expectResult(
      await callChat(
        geminiAdapter,
        {
          model: "fast",
          messages: [{ role: "user", content: "What is the weather in Paris?" }],
          tools: [weatherTool],
          tool_choice: { type: "function", function: { name: "get_weather" } },
        },
        context(),
      ),
    );
    expect(lastBody()).toMatchObject({
      tools: [
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "Current weather for a city",
              parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] } },
    });
    const call = first.completion.choices[0]?.message.tool_calls?.[0];
    expect(first.completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.finishReasons[0]).toEqual({ unified: "tool_calls", raw: "STOP" });
    expect(call).toEqual({
      id: "call_req_test_0_0",
      type: "function",
      function: { name: "get_weather", arguments: '{"location":"Paris"}' },
    });

    const second = expectResult(
      await callChat(
        geminiAdapter,
        {
          model: "fast",
          messages: [
            { role: "user", content: "What is the weather in Paris?" },
            { role: "assistant", content: null, tool_calls: call ? [call] : [] },
            { role: "tool", tool_call_id: call?.id ?? "", content: '{"temperature":18,"sky":"sunny"}' },
            { role: "tool", tool_call_id: call?.id ?? "", content: "plain text result" },
          ],
          tools: [weatherTool],
        },
        context(),
      ),
    );
    expect(lastBody().contents).toEqual([
      { role: "user", parts: [{ text: "What is the weather in Paris?" }] },
      { role: "model", parts: [{ functionCall: { name: "get_weather", args: { location: "Paris" } } }] },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "get_weather", response: { temperature: 18, sky: "sunny" } } },
          { functionResponse: { name: "get_weather", response: { content: "plain text result" } } },
        ],
      },
    ]);
    expect(second.completion.choices[0]?.message.content).toBe('The tool returned: {"content":"plain text result"}');
  });

  it("echoes Gemini 3 thought signatures, and marks unsigned replayed calls for Gemini 3", async () => {
    const signed = {
      id: "call_1",
      type: "function" as const,
      function: { name: "get_weather", arguments: "{}" },
      extra_content: { google: { thought_signature: "c2lnbmF0dXJl" } },
    };
    const unsigned = { id: "call_2", type: "function" as const, function: { name: "get_weather", arguments: "{}" } };
    const messages = (calls: (typeof signed | typeof unsigned)[]): ChatCompletionRequest["messages"] => [
      { role: "user", content: "hi" },
      { role: "assistant", content: null, tool_calls: calls },
    ];
    const body = async (calls: (typeof signed | typeof unsigned)[], model: string) =>
      JSON.parse(
        String(
          (await geminiAdapter.chat.buildRequest({ model: "x", messages: messages(calls), tools: [weatherTool] }, context(false, model)))
            .body,
        ),
      ).contents[1].parts;
    expect(await body([signed, unsigned], "gemini-3-pro-preview")).toEqual([
      { functionCall: { name: "get_weather", args: {} }, thoughtSignature: "c2lnbmF0dXJl" },
      { functionCall: { name: "get_weather", args: {} } },
    ]);
    expect(await body([unsigned], "gemini-3-pro-preview")).toEqual([
      { functionCall: { name: "get_weather", args: {} }, thoughtSignature: "skip_thought_signature_validator" },
    ]);
    expect(await body([unsigned], "gemini-2.5-flash")).toEqual([{ functionCall: { name: "get_weather", args: {} } }]);

    fake.fail({
      type: "status",
      status: 200,
      body: {
        candidates: [
          {
            content: {
              role: "model",
              parts: [{ functionCall: { name: "get_weather", args: { location: "Oslo" } }, thoughtSignature: "c2ln" }],
            },
            finishReason: "STOP",
            index: 0,
          },
        ],
      },
    });
    const result = expectResult(
      await callChat(
        geminiAdapter,
        { model: "x", messages: [{ role: "user", content: "weather" }], tools: [weatherTool] },
        context(false, "gemini-3-pro-preview"),
      ),
    );
    expect(result.completion.choices[0]?.message.tool_calls?.[0]?.extra_content).toEqual({ google: { thought_signature: "c2ln" } });
  });

  it("sends images as inlineData and fileData", async () => {
    const result = expectResult(
      await callChat(
        geminiAdapter,
        {
          model: "fast",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "Compare" },
                { type: "image_url", image_url: { url: pixelDataUrl } },
                { type: "image_url", image_url: { url: "https://example.com/photo.webp" } },
              ],
            },
          ],
        },
        context(),
      ),
    );
    expect(lastBody().contents).toEqual([
      {
        role: "user",
        parts: [
          { text: "Compare" },
          { inlineData: { mimeType: "image/png", data: pixelBase64 } },
          { fileData: { mimeType: "image/webp", fileUri: "https://example.com/photo.webp" } },
        ],
      },
    ]);
    expect(result.completion.choices[0]?.message.content).toContain("I can see 2 images");
  });

  it("JSON mode: responseMimeType and a Gemini-dialect responseSchema", async () => {
    const schema = {
      type: "object",
      properties: { city: { type: "string" }, rank: { type: ["integer", "null"] }, kind: { const: "capital" } },
      required: ["city"],
      additionalProperties: false,
      $schema: "http://json-schema.org/draft-07/schema#",
    };
    const result = expectResult(
      await callChat(
        geminiAdapter,
        {
          model: "fast",
          messages: [{ role: "user", content: "Capital of Italy in JSON" }],
          response_format: { type: "json_schema", json_schema: { name: "city", schema } },
        },
        context(),
      ),
    );
    expect(lastBody().generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: {
        type: "object",
        properties: { city: { type: "string" }, rank: { type: "integer", nullable: true }, kind: { enum: ["capital"], type: "string" } },
        required: ["city"],
      },
    });
    expect(JSON.parse(result.completion.choices[0]?.message.content ?? "")).toEqual({
      city: "Capital of Italy in JSON",
      rank: 1,
      kind: "capital",
    });
    await callChat(
      geminiAdapter,
      { model: "fast", messages: [{ role: "user", content: "JSON" }], response_format: { type: "json_object" } },
      context(),
    );
    expect(lastBody().generationConfig).toEqual({ responseMimeType: "application/json" });
  });

  it("maps a blocked prompt and a SAFETY finish to content_filter", async () => {
    fake.fail({ type: "content-filter" });
    const blocked = expectResult(await callChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "bad" }] }, context()));
    expect(blocked.completion.choices).toEqual([
      { index: 0, message: { role: "assistant", content: "", refusal: null }, finish_reason: "content_filter", logprobs: null },
    ]);
    expect(blocked.finishReasons).toEqual([{ unified: "content_filter", raw: "SAFETY" }]);

    fake.fail({
      type: "status",
      status: 200,
      body: { candidates: [{ content: { role: "model", parts: [{ text: "Partial" }] }, finishReason: "SAFETY", index: 0 }] },
    });
    const stopped = expectResult(await callChat(geminiAdapter, { model: "fast", messages: [{ role: "user", content: "bad" }] }, context()));
    expect(stopped.completion.choices[0]).toMatchObject({ message: { content: "Partial" }, finish_reason: "content_filter" });
    expect(stopped.finishReasons).toEqual([{ unified: "content_filter", raw: "SAFETY" }]);
  });

  it("embeds with batchEmbedContents", async () => {
    const reply = await callEmbeddings(
      geminiAdapter,
      { model: "embed", input: ["alpha", "beta"], dimensions: 4 },
      context(false, "text-embedding-004"),
    );
    expect(fake.requests[0]?.path).toBe("/v1beta/models/text-embedding-004:batchEmbedContents");
    expect(fake.requests[0]?.body).toEqual({
      requests: [
        { model: "models/text-embedding-004", content: { parts: [{ text: "alpha" }] }, outputDimensionality: 4 },
        { model: "models/text-embedding-004", content: { parts: [{ text: "beta" }] }, outputDimensionality: 4 },
      ],
    });
    expect(reply).toMatchObject({ object: "list", model: "text-embedding-004", data: [{ object: "embedding", index: 0 }, { index: 1 }] });
    if (reply instanceof Error) throw reply;
    expect(reply.data[0]?.embedding).toHaveLength(4);
  });
});

describe("gemini adapter: registry", () => {
  it("is a built-in adapter", () => {
    expect(providerRegistry.resolve({ provider: "gemini" })).toBe(geminiAdapter);
  });
});

describe("gemini adapter: errors", () => {
  const hello: ChatCompletionRequest = { model: "fast", messages: [{ role: "user", content: "hi" }] };

  it("429 RESOURCE_EXHAUSTED → rate_limit with RetryInfo's retryDelay", async () => {
    fake.fail({ type: "rate-limit", retryAfterSeconds: 37 });
    expect(expectError(await callChat(geminiAdapter, hello, context()))).toMatchObject({
      kind: "rate_limit",
      status: 429,
      retryAfterMs: 37_000,
      retryable: true,
    });
  });

  it("500 INTERNAL → server, 503 UNAVAILABLE → overloaded", async () => {
    fake.fail({ type: "status", status: 500 });
    expect(expectError(await callChat(geminiAdapter, hello, context()))).toMatchObject({ kind: "server", status: 500, retryable: true });
    fake.fail({ type: "status", status: 503 });
    expect(expectError(await callChat(geminiAdapter, hello, context()))).toMatchObject({
      kind: "overloaded",
      status: 503,
      message: "The model is overloaded. Please try again later.",
    });
  });

  it("token-count overflow → context_length; API_KEY_INVALID → auth without the key", async () => {
    fake.fail({ type: "context-length" });
    expect(expectError(await callChat(geminiAdapter, hello, context()))).toMatchObject({
      kind: "context_length",
      status: 400,
      retryable: false,
    });
    const wrongKey = { ...context(), target: { ...context().target, apiKey: "AIzaSy-wrong" } };
    const error = expectError(await callChat(geminiAdapter, hello, wrongKey));
    expect(error).toMatchObject({ kind: "auth", status: 400 });
    expect(JSON.stringify(error.toOpenAIError())).not.toContain("AIzaSy-wrong");
  });

  it("a tool message answering no earlier call is the caller's 400", () => {
    expect(() =>
      geminiAdapter.chat.buildRequest(
        {
          model: "fast",
          messages: [
            { role: "user", content: "hi" },
            { role: "tool", tool_call_id: "nope", content: "x" },
          ],
        },
        context(),
      ),
    ).toThrow(expect.objectContaining({ kind: "bad_request" }));
  });
});
