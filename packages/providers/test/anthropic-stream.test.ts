import { type FakeAnthropic, startFakeAnthropic } from "@switchyard/testkit/fake-anthropic";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import type { CallContext } from "../src/spec";
import { weatherTool } from "./support/fixtures";
import { assembled, callContext, chunksOf, errorsOf, expectError, expectStream, streamChat } from "./support/http-upstream";

const apiKey = "sk-ant-test-0123456789";
let fake: FakeAnthropic;

function context(stream = false): CallContext {
  return callContext({ provider: "anthropic", apiBase: fake.url, model: "claude-sonnet-4-5", apiKey }, stream);
}

beforeAll(async () => {
  fake = await startFakeAnthropic({ apiKey });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("anthropic adapter: streaming", () => {
  it("streams text deltas, the finish reason and usage", async () => {
    const outcome = expectStream(
      await streamChat(anthropicAdapter, { model: "fast", messages: [{ role: "user", content: "Stream please" }] }, context(true)),
    );
    expect(JSON.parse(String(fake.requests[0]?.rawBody)).stream).toBe(true);
    expect(fake.requests[0]?.headers.accept).toBe("text/event-stream");
    expect(errorsOf(outcome)).toEqual([]);
    const chunks = chunksOf(outcome);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.every((chunk) => chunk.id === chunks[0]?.id && chunk.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
    const { content, finishReasons } = assembled(outcome);
    expect(content).toBe('Hello from claude-sonnet-4-5! You said: "Stream please".');
    expect(finishReasons).toEqual(["stop"]);
    expect(outcome.summary).toMatchObject({
      completed: true,
      model: "claude-sonnet-4-5",
      finishReasons: [{ unified: "stop", raw: "end_turn" }],
      usage: { prompt_tokens: 4, completion_tokens: 14, total_tokens: 18 },
    });
  });

  it("streams tool calls as OpenAI tool_call deltas", async () => {
    const outcome = expectStream(
      await streamChat(
        anthropicAdapter,
        { model: "fast", messages: [{ role: "user", content: "Weather in Rome?" }], tools: [weatherTool] },
        context(true),
      ),
    );
    const { toolCalls, finishReasons } = assembled(outcome);
    expect(toolCalls).toHaveLength(1);
    expect(toolCalls[0]).toMatchObject({ name: "get_weather", arguments: '{"location":"Rome"}' });
    expect(toolCalls[0]?.id).toMatch(/^toolu_01/);
    expect(finishReasons).toEqual(["tool_calls"]);
    const argumentChunks = chunksOf(outcome).filter((chunk) => chunk.choices[0]?.delta.tool_calls?.[0]?.function?.arguments);
    expect(argumentChunks.length).toBeGreaterThan(1);
    expect(outcome.summary.finishReasons).toEqual([{ unified: "tool_calls", raw: "tool_use" }]);
  });

  it("streams forced-JSON output as content", async () => {
    const outcome = expectStream(
      await streamChat(
        anthropicAdapter,
        {
          model: "fast",
          messages: [{ role: "user", content: "Give me JSON" }],
          response_format: {
            type: "json_schema",
            json_schema: { name: "answer", schema: { type: "object", properties: { ok: { type: "boolean" } } } },
          },
        },
        context(true),
      ),
    );
    const { content, toolCalls, finishReasons } = assembled(outcome);
    expect(JSON.parse(content)).toEqual({ ok: true });
    expect(toolCalls).toEqual([]);
    expect(finishReasons).toEqual(["stop"]);
  });

  it("a connection cut mid-stream ends with an error part", async () => {
    fake.fail({ type: "cut", afterChunks: 4 });
    const outcome = expectStream(
      await streamChat(anthropicAdapter, { model: "fast", messages: [{ role: "user", content: "Long answer please" }] }, context(true)),
    );
    expect(outcome.transportError).toBeDefined();
    const errors = errorsOf(outcome);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "stream", retryable: true });
    expect(outcome.parts.at(-1)?.type).toBe("error");
    expect(outcome.summary.completed).toBe(false);
  });

  it("429 before the stream starts is an UpstreamError", async () => {
    fake.fail({ type: "rate-limit", retryAfterSeconds: 2 });
    expect(
      expectError(await streamChat(anthropicAdapter, { model: "fast", messages: [{ role: "user", content: "hi" }] }, context(true))),
    ).toMatchObject({
      kind: "rate_limit",
      retryAfterMs: 2000,
    });
  });
});

describe("anthropic stream transformer: documented event sequences", () => {
  const events = (lines: [string, unknown][]) => lines.map(([event, data]) => ({ event, data: JSON.stringify(data) }));

  it("reads the docs' tool-use stream, including cumulative message_delta usage and an error event", () => {
    const transformer = anthropicAdapter.chat.createStreamTransformer(
      callContext({ provider: "anthropic", apiBase: "http://unused", model: "claude-opus-4-1" }, true),
    );
    const parts = events([
      [
        "message_start",
        {
          type: "message_start",
          message: {
            id: "msg_014p7gG3wDgGV9EUtLvnow3U",
            type: "message",
            role: "assistant",
            model: "claude-opus-4-1-20250805",
            stop_sequence: null,
            usage: { input_tokens: 472, output_tokens: 2, cache_read_input_tokens: 100 },
            content: [],
            stop_reason: null,
          },
        },
      ],
      ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
      ["ping", { type: "ping" }],
      ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Okay" } }],
      ["content_block_stop", { type: "content_block_stop", index: 0 }],
      [
        "content_block_start",
        {
          type: "content_block_start",
          index: 1,
          content_block: { type: "tool_use", id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", input: {} },
        },
      ],
      ["content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "" } }],
      ["content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"location":' } }],
      [
        "content_block_delta",
        { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: ' "San Francisco, CA"}' } },
      ],
      ["content_block_stop", { type: "content_block_stop", index: 1 }],
      ["message_delta", { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 89 } }],
      ["message_stop", { type: "message_stop" }],
    ]).flatMap((event) => transformer.transform(event));
    const outcome = { parts: [...parts, ...transformer.flush()], summary: transformer.summary(), transportError: undefined };
    expect(errorsOf(outcome)).toEqual([]);
    expect(assembled(outcome)).toEqual({
      content: "Okay",
      toolCalls: [{ id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: '{"location": "San Francisco, CA"}' }],
      finishReasons: ["tool_calls"],
    });
    expect(outcome.summary).toMatchObject({
      id: "msg_014p7gG3wDgGV9EUtLvnow3U",
      model: "claude-opus-4-1-20250805",
      completed: true,
      usage: {
        prompt_tokens: 572,
        completion_tokens: 89,
        total_tokens: 661,
        prompt_tokens_details: { cached_tokens: 100, cache_write_tokens: 0 },
      },
    });

    const failing = anthropicAdapter.chat.createStreamTransformer(
      callContext({ provider: "anthropic", apiBase: "http://unused", model: "claude" }, true),
    );
    const errorParts = failing.transform({
      event: "error",
      data: JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
    });
    expect(errorParts).toEqual([
      { type: "error", error: expect.objectContaining({ kind: "overloaded", message: "Overloaded", retryable: true }) },
    ]);
    expect(failing.transform({ event: "content_block_delta", data: "{not json" })[0]?.type).toBe("error");
    expect(failing.transform({ event: "future_event", data: JSON.stringify({ type: "future_event" }) })).toEqual([]);
  });
});
