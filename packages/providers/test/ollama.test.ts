import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeOllama, startFakeOllama } from "@switchyard/testkit/fake-ollama";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ollamaAdapter } from "../src/ollama";
import { providerRegistry } from "../src/registry";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import {
  assembled,
  callChat,
  callContext,
  callEmbeddings,
  chunksOf,
  errorsOf,
  expectError,
  expectResult,
  expectStream,
  pixelBase64,
  pixelDataUrl,
  streamChat,
} from "./support/http-upstream";

let fake: FakeOllama;

function context(stream = false): CallContext {
  return callContext({ provider: "ollama", apiBase: fake.url, model: "llama3.2", apiKey: undefined }, stream);
}

function lastBody(): Record<string, unknown> {
  return fake.requests.at(-1)?.body as Record<string, unknown>;
}

beforeAll(async () => {
  fake = await startFakeOllama({ models: ["llama3.2", "llava", "nomic-embed-text"] });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("ollama adapter: requests and replies", () => {
  it("sends a plain chat to /api/chat with stream: false and translates the reply", async () => {
    const request: ChatCompletionRequest = { model: "local", messages: [{ role: "user", content: "Hello there" }] };
    const upstream = await ollamaAdapter.chat.buildRequest(request, context());
    expect(upstream).toMatchObject({
      url: `${fake.url}/api/chat`,
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
    });
    expect(upstream.headers).not.toHaveProperty("authorization");
    const result = expectResult(await callChat(ollamaAdapter, request, context()));
    expect(fake.requests[0]?.body).toEqual({ model: "llama3.2", messages: [{ role: "user", content: "Hello there" }], stream: false });
    expect(result.completion).toEqual({
      id: "chatcmpl-req_test",
      object: "chat.completion",
      created: 1_749_990_896,
      model: "llama3.2",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: 'Hello from llama3.2! You said: "Hello there".', refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 12, total_tokens: 15 },
    });
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "stop" }]);
  });

  it("keeps system messages in place and maps options", async () => {
    expectResult(
      await callChat(
        ollamaAdapter,
        {
          model: "local",
          messages: [
            { role: "system", content: "You are terse." },
            { role: "developer", content: [{ type: "text", text: "English only." }] },
            { role: "user", content: "Hi" },
          ],
          temperature: 0.2,
          top_p: 0.5,
          max_completion_tokens: 4,
          stop: ["END"],
          seed: 42,
          options: { num_ctx: 8192 },
        },
        context(),
      ),
    );
    expect(lastBody()).toEqual({
      model: "llama3.2",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "system", content: "English only." },
        { role: "user", content: "Hi" },
      ],
      stream: false,
      options: { temperature: 0.2, top_p: 0.5, num_predict: 4, stop: ["END"], seed: 42, num_ctx: 8192 },
    });
  });

  it("round-trips a tool call: object arguments out and back, tool_name from the earlier call", async () => {
    const first = expectResult(
      await callChat(
        ollamaAdapter,
        { model: "local", messages: [{ role: "user", content: "What is the weather in Paris?" }], tools: [weatherTool] },
        context(),
      ),
    );
    expect(lastBody().tools).toEqual([
      {
        type: "function",
        function: { name: "get_weather", description: "Current weather for a city", parameters: weatherTool.function.parameters },
      },
    ]);
    const call = first.completion.choices[0]?.message.tool_calls?.[0];
    expect(call).toEqual({
      id: "call_req_test_0",
      type: "function",
      function: { name: "get_weather", arguments: '{"location":"Paris"}' },
    });
    expect(first.completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.finishReasons).toEqual([{ unified: "tool_calls", raw: "stop" }]);

    const second = expectResult(
      await callChat(
        ollamaAdapter,
        {
          model: "local",
          messages: [
            { role: "user", content: "What is the weather in Paris?" },
            { role: "assistant", content: null, tool_calls: call ? [call] : [] },
            { role: "tool", tool_call_id: call?.id ?? "", content: "18°C" },
          ],
          tools: [weatherTool],
          tool_choice: "none",
        },
        context(),
      ),
    );
    expect(lastBody().messages).toEqual([
      { role: "user", content: "What is the weather in Paris?" },
      { role: "assistant", content: "", tool_calls: [{ function: { name: "get_weather", arguments: { location: "Paris" } } }] },
      { role: "tool", content: "18°C", tool_name: "get_weather" },
    ]);
    expect(lastBody()).not.toHaveProperty("tools");
    expect(second.completion.choices[0]?.message.content).toBe("The tool returned: 18°C");
  });

  it("sends images as a base64 list", async () => {
    const result = expectResult(
      await callChat(
        ollamaAdapter,
        {
          model: "local",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "What is this?" },
                { type: "image_url", image_url: { url: pixelDataUrl } },
              ],
            },
          ],
        },
        { ...context(), target: { ...context().target, model: "llava" } },
      ),
    );
    expect(lastBody().messages).toEqual([{ role: "user", content: "What is this?", images: [pixelBase64] }]);
    expect(result.completion.choices[0]?.message.content).toContain("I can see 1 image");
    expect(() =>
      ollamaAdapter.chat.buildRequest(
        { model: "l", messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }] },
        context(),
      ),
    ).toThrow(expect.objectContaining({ kind: "bad_request" }));
  });

  it("JSON mode: format json, or the JSON schema itself", async () => {
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
    const result = expectResult(
      await callChat(
        ollamaAdapter,
        {
          model: "local",
          messages: [{ role: "user", content: "City in JSON" }],
          response_format: { type: "json_schema", json_schema: { name: "c", schema } },
        },
        context(),
      ),
    );
    expect(lastBody().format).toEqual(schema);
    expect(JSON.parse(result.completion.choices[0]?.message.content ?? "")).toEqual({ city: "City in JSON" });
    await callChat(
      ollamaAdapter,
      { model: "local", messages: [{ role: "user", content: "JSON" }], response_format: { type: "json_object" } },
      context(),
    );
    expect(lastBody().format).toBe("json");
  });

  it("a length stop maps to length; other done reasons keep their raw word", async () => {
    const result = expectResult(
      await callChat(
        ollamaAdapter,
        { model: "local", messages: [{ role: "user", content: "Tell me everything" }], max_tokens: 2 },
        context(),
      ),
    );
    expect(result.finishReasons).toEqual([{ unified: "length", raw: "length" }]);
    const unloaded = ollamaAdapter.chat.parseResponse(
      { model: "llama3.2", message: { role: "assistant", content: "" }, done: true, done_reason: "unload" },
      context(),
    );
    expect(unloaded.finishReasons).toEqual([{ unified: "other", raw: "unload" }]);
    expect(unloaded.completion.choices[0]?.finish_reason).toBe("stop");
  });

  it("embeds through /api/embed", async () => {
    const reply = await callEmbeddings(
      ollamaAdapter,
      { model: "embed", input: ["alpha", "beta"] },
      { ...context(), target: { ...context().target, model: "nomic-embed-text" } },
    );
    expect(fake.requests[0]?.path).toBe("/api/embed");
    expect(fake.requests[0]?.body).toEqual({ model: "nomic-embed-text", input: ["alpha", "beta"] });
    expect(reply).toMatchObject({
      object: "list",
      model: "nomic-embed-text",
      data: [{ index: 0 }, { index: 1 }],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
  });
});

describe("ollama adapter: registry", () => {
  it("is a built-in adapter", () => {
    expect(providerRegistry.resolve({ provider: "ollama" })).toBe(ollamaAdapter);
  });
});

describe("ollama adapter: errors", () => {
  const hello: ChatCompletionRequest = { model: "local", messages: [{ role: "user", content: "hi" }] };

  it("429 → rate_limit with retry-after; 500 → server; 503 busy → overloaded", async () => {
    fake.fail({ type: "rate-limit", retryAfterSeconds: 5 });
    expect(expectError(await callChat(ollamaAdapter, hello, context()))).toMatchObject({ kind: "rate_limit", retryAfterMs: 5000 });
    fake.fail({ type: "status", status: 500 });
    expect(expectError(await callChat(ollamaAdapter, hello, context()))).toMatchObject({
      kind: "server",
      message: "llama runner process has terminated: exit status 2",
    });
    fake.fail({ type: "status", status: 503 });
    expect(expectError(await callChat(ollamaAdapter, hello, context()))).toMatchObject({ kind: "overloaded", retryable: true });
  });

  it("context overflow → context_length; an unknown model → not_found", async () => {
    fake.fail({ type: "context-length" });
    expect(expectError(await callChat(ollamaAdapter, hello, context()))).toMatchObject({ kind: "context_length", status: 400 });
    const missing = expectError(await callChat(ollamaAdapter, hello, { ...context(), target: { ...context().target, model: "mistral" } }));
    expect(missing).toMatchObject({ kind: "not_found", status: 404, message: 'model "mistral" not found, try pulling it first' });
  });
});

describe("ollama adapter: NDJSON streaming", () => {
  it("streams content with the final counts", async () => {
    const outcome = expectStream(
      await streamChat(ollamaAdapter, { model: "local", messages: [{ role: "user", content: "Stream please" }] }, context(true)),
    );
    expect(fake.requests[0]?.body).toMatchObject({ stream: true });
    expect(fake.requests[0]?.headers.accept).toBe("application/x-ndjson");
    expect(errorsOf(outcome)).toEqual([]);
    expect(chunksOf(outcome)[0]?.choices[0]?.delta.role).toBe("assistant");
    expect(assembled(outcome)).toEqual({
      content: 'Hello from llama3.2! You said: "Stream please".',
      toolCalls: [],
      finishReasons: ["stop"],
    });
    expect(outcome.summary).toMatchObject({
      completed: true,
      created: 1_749_990_896,
      usage: { prompt_tokens: 4, completion_tokens: 12, total_tokens: 16 },
    });
  });

  it("streams tool calls", async () => {
    const outcome = expectStream(
      await streamChat(
        ollamaAdapter,
        { model: "local", messages: [{ role: "user", content: "Weather in Rome?" }], tools: [weatherTool] },
        context(true),
      ),
    );
    expect(assembled(outcome)).toEqual({
      content: "",
      toolCalls: [{ id: "call_req_test_0", name: "get_weather", arguments: '{"location":"Rome"}' }],
      finishReasons: ["tool_calls"],
    });
  });

  it("a connection cut mid-stream ends with an error part", async () => {
    fake.fail({ type: "cut", afterChunks: 2 });
    const outcome = expectStream(
      await streamChat(ollamaAdapter, { model: "local", messages: [{ role: "user", content: "A long answer please" }] }, context(true)),
    );
    expect(chunksOf(outcome)).toHaveLength(2);
    expect(errorsOf(outcome)).toEqual([expect.objectContaining({ kind: "stream" })]);
    expect(outcome.parts.at(-1)?.type).toBe("error");
  });

  it("an error line mid-stream is an error part", () => {
    const transformer = ollamaAdapter.chat.createStreamTransformer(
      callContext({ provider: "ollama", apiBase: "http://unused", model: "llama3.2" }, true),
    );
    expect(
      transformer.transform({
        data: '{"model":"llama3.2","created_at":"2025-06-15T12:34:56Z","message":{"role":"assistant","content":"Hi"},"done":false}',
      }),
    ).toHaveLength(1);
    expect(transformer.transform({ data: '{"error":"an error was encountered while running the model: unexpected EOF"}' })).toEqual([
      {
        type: "error",
        error: expect.objectContaining({ kind: "stream", message: "an error was encountered while running the model: unexpected EOF" }),
      },
    ]);
  });
});
