import type { ChatCompletionRequest } from "@switchyard/schemas";
import { type FakeAnthropic, startFakeAnthropic } from "@switchyard/testkit/fake-anthropic";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import { providerRegistry } from "../src/registry";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { callChat, callContext, expectError, expectResult, pixelBase64, pixelDataUrl } from "./support/http-upstream";

const apiKey = "sk-ant-test-0123456789";
let fake: FakeAnthropic;

function context(stream = false): CallContext {
  return callContext({ provider: "anthropic", apiBase: fake.url, model: "claude-sonnet-4-5", apiKey }, stream);
}

function lastBody(): Record<string, unknown> {
  const body = fake.requests.at(-1)?.body;
  if (typeof body !== "object" || body === null) throw new Error("no request recorded");
  return body as Record<string, unknown>;
}

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("anthropic adapter: requests and replies", () => {
  it("sends a plain chat as a Messages request with Anthropic's headers and translates the reply", async () => {
    const request: ChatCompletionRequest = { model: "fast", messages: [{ role: "user", content: "Hello there" }] };
    const upstream = await anthropicAdapter.chat.buildRequest(request, context());
    expect(upstream.url).toBe(`${fake.url}/v1/messages`);
    expect(upstream.headers).toEqual({
      "content-type": "application/json",
      accept: "application/json",
      "anthropic-version": "2023-06-01",
      "x-api-key": apiKey,
    });

    const result = expectResult(await callChat(anthropicAdapter, request, context()));
    const recorded = fake.requests[0];
    expect(recorded?.method).toBe("POST");
    expect(recorded?.path).toBe("/v1/messages");
    expect(recorded?.headers["x-api-key"]).toBe(apiKey);
    expect(recorded?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(recorded?.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello there" }] }],
    });

    expect(result.completion).toMatchObject({
      object: "chat.completion",
      created: 1_700_000_000,
      model: "claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: 'Hello from claude-sonnet-4-5! You said: "Hello there".' },
          finish_reason: "stop",
        },
      ],
    });
    expect(result.completion.id).toMatch(/^msg_01/);
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "end_turn" }]);
    expect(result.completion.usage).toEqual({
      prompt_tokens: 3,
      completion_tokens: 14,
      total_tokens: 17,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    });
  });

  it("hoists system and developer messages, merges same-role turns and maps sampling options", async () => {
    const request: ChatCompletionRequest = {
      model: "fast",
      messages: [
        { role: "system", content: "You are terse." },
        { role: "developer", content: [{ type: "text", text: "Answer in English." }] },
        { role: "user", content: "First line" },
        { role: "user", content: "Second line" },
      ],
      max_completion_tokens: 300,
      temperature: 1.6,
      top_p: 0.9,
      stop: ["END", "STOP"],
      user: "user-42",
    };
    expectResult(await callChat(anthropicAdapter, request, context()));
    expect(lastBody()).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 300,
      system: [
        { type: "text", text: "You are terse." },
        { type: "text", text: "Answer in English." },
      ],
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "First line" },
            { type: "text", text: "Second line" },
          ],
        },
      ],
      stop_sequences: ["END", "STOP"],
      temperature: 1,
      top_p: 0.9,
      metadata: { user_id: "user-42" },
    });
  });

  it("round-trips a tool call: tools and tool_choice out, tool_use back, tool_result in the next turn", async () => {
    const first = expectResult(
      await callChat(
        anthropicAdapter,
        {
          model: "fast",
          messages: [{ role: "user", content: "What is the weather in Paris?" }],
          tools: [weatherTool],
          tool_choice: "required",
          parallel_tool_calls: false,
        },
        context(),
      ),
    );
    expect(lastBody()).toMatchObject({
      tools: [
        {
          name: "get_weather",
          description: "Current weather for a city",
          input_schema: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
        },
      ],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
    });
    const message = first.completion.choices[0]?.message;
    expect(first.completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(first.finishReasons[0]).toEqual({ unified: "tool_calls", raw: "tool_use" });
    expect(message?.content).toBeNull();
    const call = message?.tool_calls?.[0];
    expect(call).toMatchObject({ type: "function", function: { name: "get_weather", arguments: '{"location":"Paris"}' } });
    expect(call?.id).toMatch(/^toolu_01/);

    const second = expectResult(
      await callChat(
        anthropicAdapter,
        {
          model: "fast",
          messages: [
            { role: "user", content: "What is the weather in Paris?" },
            { role: "assistant", content: null, tool_calls: message?.tool_calls ?? [] },
            { role: "tool", tool_call_id: call?.id ?? "", content: "18°C and sunny" },
            { role: "user", content: "Thanks!" },
          ],
          tools: [weatherTool],
        },
        context(),
      ),
    );
    expect(lastBody().messages).toEqual([
      { role: "user", content: [{ type: "text", text: "What is the weather in Paris?" }] },
      { role: "assistant", content: [{ type: "tool_use", id: call?.id, name: "get_weather", input: { location: "Paris" } }] },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: call?.id, content: "18°C and sunny" },
          { type: "text", text: "Thanks!" },
        ],
      },
    ]);
    expect(lastBody().tool_choice).toBeUndefined();
    expect(second.completion.choices[0]?.message.content).toBe('Hello from claude-sonnet-4-5! You said: "Thanks!".');
  });

  it("maps tool_choice none, auto and a named function, and legacy functions", async () => {
    const none = await anthropicAdapter.chat.buildRequest(
      { model: "fast", messages: [{ role: "user", content: "hi" }], tools: [weatherTool], tool_choice: "none" },
      context(),
    );
    expect(JSON.parse(String(none.body)).tool_choice).toEqual({ type: "none" });
    const auto = await anthropicAdapter.chat.buildRequest(
      { model: "fast", messages: [{ role: "user", content: "hi" }], tools: [weatherTool], parallel_tool_calls: false },
      context(),
    );
    expect(JSON.parse(String(auto.body)).tool_choice).toEqual({ type: "auto", disable_parallel_tool_use: true });
    const named = await anthropicAdapter.chat.buildRequest(
      {
        model: "fast",
        messages: [{ role: "user", content: "hi" }],
        tools: [weatherTool],
        tool_choice: { type: "function", function: { name: "get_weather" } },
      },
      context(),
    );
    expect(JSON.parse(String(named.body)).tool_choice).toEqual({ type: "tool", name: "get_weather" });
    const legacy = await anthropicAdapter.chat.buildRequest(
      {
        model: "fast",
        messages: [
          { role: "user", content: "weather?" },
          { role: "assistant", content: null, function_call: { name: "get_weather", arguments: '{"location":"Oslo"}' } },
          { role: "function", name: "get_weather", content: "cold" },
        ],
        functions: [weatherTool.function],
        function_call: { name: "get_weather" },
      },
      context(),
    );
    const body = JSON.parse(String(legacy.body));
    expect(body.tool_choice).toEqual({ type: "tool", name: "get_weather" });
    expect(body.messages.slice(1)).toEqual([
      { role: "assistant", content: [{ type: "tool_use", id: "call_function_1", name: "get_weather", input: { location: "Oslo" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "call_function_1", content: "cold" }] },
    ]);
  });

  it("sends images as base64 and url sources", async () => {
    const result = expectResult(
      await callChat(
        anthropicAdapter,
        {
          model: "fast",
          messages: [
            {
              role: "user",
              content: [
                { type: "text", text: "Compare these" },
                { type: "image_url", image_url: { url: pixelDataUrl } },
                { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "high" } },
              ],
            },
          ],
        },
        context(),
      ),
    );
    expect(lastBody().messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare these" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: pixelBase64 } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
        ],
      },
    ]);
    expect(result.completion.choices[0]?.message.content).toContain("I can see 2 images");
  });

  it("JSON mode: json_schema becomes a forced tool whose input is returned as content; json_object an instruction", async () => {
    const schema = { type: "object", properties: { city: { type: "string" }, population: { type: "integer" } }, required: ["city"] };
    const result = expectResult(
      await callChat(
        anthropicAdapter,
        {
          model: "fast",
          messages: [{ role: "user", content: "Largest city in France as JSON" }],
          response_format: { type: "json_schema", json_schema: { name: "city_info", schema } },
        },
        context(),
      ),
    );
    expect(lastBody()).toMatchObject({
      tools: [{ name: "switchyard_json_output", description: 'Answer with the "city_info" JSON object.', input_schema: schema }],
      tool_choice: { type: "tool", name: "switchyard_json_output" },
    });
    const choice = result.completion.choices[0];
    expect(choice?.finish_reason).toBe("stop");
    expect(choice?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(choice?.message.content ?? "")).toEqual({ city: "France", population: 1 });
    expect(result.finishReasons).toEqual([{ unified: "stop", raw: "tool_use" }]);

    await callChat(
      anthropicAdapter,
      { model: "fast", messages: [{ role: "user", content: "JSON please" }], response_format: { type: "json_object" } },
      context(),
    );
    expect(lastBody().system).toEqual([{ type: "text", text: "Respond only with a single valid JSON object, and nothing else." }]);
    expect(lastBody().tools).toBeUndefined();
  });

  it("maps prompt-cache counts into prompt_tokens_details (cached_tokens and cache_write_tokens)", async () => {
    const request = {
      model: "fast",
      messages: [
        {
          role: "system" as const,
          content: [{ type: "text" as const, text: "A long shared preamble ".repeat(20), cache_control: { type: "ephemeral" } }],
        },
        { role: "user" as const, content: "Question one" },
      ],
    };
    const first = expectResult(await callChat(anthropicAdapter, request, context()));
    expect((lastBody().system as unknown[])[0]).toMatchObject({ cache_control: { type: "ephemeral" } });
    const write = first.completion.usage?.prompt_tokens_details?.cache_write_tokens ?? 0;
    expect(write).toBeGreaterThan(0);
    expect(first.completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    const second = expectResult(await callChat(anthropicAdapter, request, context()));
    expect(second.completion.usage?.prompt_tokens_details).toEqual({ cached_tokens: write, cache_write_tokens: 0 });
    expect(second.completion.usage?.prompt_tokens).toBe(first.completion.usage?.prompt_tokens);
  });

  it("maps a refusal to content_filter, keeping the raw stop reason", async () => {
    fake.fail({ type: "content-filter" });
    const result = expectResult(
      await callChat(anthropicAdapter, { model: "fast", messages: [{ role: "user", content: "something bad" }] }, context()),
    );
    expect(result.completion.choices[0]?.finish_reason).toBe("content_filter");
    expect(result.finishReasons).toEqual([{ unified: "content_filter", raw: "refusal" }]);
  });

  it("refuses what Anthropic cannot express before sending anything", () => {
    expect(() =>
      anthropicAdapter.chat.buildRequest({ model: "fast", messages: [{ role: "user", content: "hi" }], n: 2 }, context()),
    ).toThrow(expect.objectContaining({ kind: "bad_request", param: "n" }));
  });
});

describe("anthropic adapter: registry", () => {
  it("is a built-in adapter", () => {
    expect(providerRegistry.resolve({ provider: "anthropic" })).toBe(anthropicAdapter);
  });
});

describe("anthropic adapter: errors", () => {
  const hello: ChatCompletionRequest = { model: "fast", messages: [{ role: "user", content: "hi" }] };

  it("429 rate_limit_error → rate_limit with retry-after", async () => {
    fake.fail({ type: "rate-limit", retryAfterSeconds: 7 });
    const error = expectError(await callChat(anthropicAdapter, hello, context()));
    expect(error).toMatchObject({ kind: "rate_limit", status: 429, retryable: true, retryAfterMs: 7000, code: "rate_limit_exceeded" });
    expect(error.gatewayStatus).toBe(429);
  });

  it("529 overloaded_error → overloaded; 500 api_error → server (502)", async () => {
    fake.fail({ type: "status", status: 529 });
    expect(expectError(await callChat(anthropicAdapter, hello, context()))).toMatchObject({
      kind: "overloaded",
      status: 529,
      retryable: true,
    });
    fake.fail({ type: "status", status: 500 });
    const server = expectError(await callChat(anthropicAdapter, hello, context()));
    expect(server).toMatchObject({ kind: "server", status: 500, retryable: true, message: "Internal server error" });
    expect(server.gatewayStatus).toBe(502);
  });

  it('"prompt is too long" → context_length', async () => {
    fake.fail({ type: "context-length" });
    const error = expectError(await callChat(anthropicAdapter, hello, context()));
    expect(error).toMatchObject({ kind: "context_length", status: 400, retryable: false, code: "context_length_exceeded" });
    expect(error.toOpenAIError().error.message).toBe("anthropic: prompt is too long: 208357 tokens > 200000 maximum");
  });

  it("a refused key is reported without the upstream's wording or the key", async () => {
    const error = expectError(
      await callChat(anthropicAdapter, hello, { ...context(), target: { ...context().target, apiKey: "sk-ant-wrong-key" } }),
    );
    expect(error).toMatchObject({ kind: "auth", status: 401 });
    expect(JSON.stringify(error.toOpenAIError())).not.toContain("sk-ant-wrong-key");
  });
});
