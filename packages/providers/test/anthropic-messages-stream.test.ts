import type { ChatCompletionChunk } from "@switchyard/schemas";
import { anthropicStreamEventSchema } from "@switchyard/schemas/anthropic";
import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import { AnthropicEventStream, openAIToAnthropicError, serializeAnthropicEvent } from "../src/anthropic-messages";
import { UpstreamError } from "../src/spec";
import { callContext } from "./support/http-upstream";

// /v1/messages ingress, streaming: OpenAI chunks to Anthropic's event sequence.

function chunk(delta: ChatCompletionChunk["choices"][number]["delta"], finishReason: string | null = null): ChatCompletionChunk {
  return {
    id: "chatcmpl-abc123",
    object: "chat.completion.chunk",
    created: 1,
    model: "gpt-4.1",
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

describe("/v1/messages stream translation", () => {
  it("emits Anthropic's event sequence for text then a tool call, with final usage", () => {
    const stream = new AnthropicEventStream({ model: "claude-sonnet-4-5", fallbackId: "chatcmpl-fallback" });
    const events = [
      ...stream.push(chunk({ role: "assistant", content: "" })),
      ...stream.push(chunk({ content: "Let me " })),
      ...stream.push(chunk({ content: "check." })),
      ...stream.push(
        chunk({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }),
      ),
      ...stream.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"location":' } }] })),
      ...stream.push(chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] })),
      ...stream.push(chunk({}, "tool_calls")),
      ...stream.finish({
        prompt_tokens: 50,
        completion_tokens: 20,
        total_tokens: 70,
        prompt_tokens_details: { cached_tokens: 30, cache_write_tokens: 5 },
      }),
    ];
    expect(events).toEqual([
      {
        type: "message_start",
        message: {
          id: "msg_abc123",
          type: "message",
          role: "assistant",
          model: "claude-sonnet-4-5",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null },
        },
      },
      { type: "ping" },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Let me " } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "check." } },
      { type: "content_block_stop", index: 0 },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "call_1", name: "get_weather", input: {} } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"location":' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"Paris"}' } },
      { type: "content_block_stop", index: 1 },
      {
        type: "message_delta",
        delta: { stop_reason: "tool_use", stop_sequence: null },
        usage: { input_tokens: 15, output_tokens: 20, cache_creation_input_tokens: 5, cache_read_input_tokens: 30 },
      },
      { type: "message_stop" },
    ]);
    for (const event of events) expect(anthropicStreamEventSchema.safeParse(event).success).toBe(true);
    expect(serializeAnthropicEvent({ type: "message_stop" })).toBe('event: message_stop\ndata: {"type":"message_stop"}\n\n');
    expect(stream.finish()).toEqual([]);
  });

  it("round-trips a docs stream: Anthropic SSE → OpenAI chunks (egress) → Anthropic SSE (ingress)", () => {
    const docsEvents = [
      {
        type: "message_start",
        message: {
          id: "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
          type: "message",
          role: "assistant",
          content: [],
          model: "claude-opus-4-1",
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 25, output_tokens: 1 },
        },
      },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "ping" },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "!" } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 15 } },
      { type: "message_stop" },
    ];
    const context = callContext({ provider: "anthropic", apiBase: "https://api.anthropic.com", model: "claude-opus-4-1" }, true);
    const transformer = anthropicAdapter.chat.createStreamTransformer(context);
    const stream = new AnthropicEventStream({ model: "claude-opus-4-1", fallbackId: context.requestId });
    const out = docsEvents
      .flatMap((event) => transformer.transform({ event: event.type, data: JSON.stringify(event) }))
      .flatMap((part) => (part.type === "chunk" ? stream.push(part.chunk) : []));
    out.push(...stream.finish(transformer.summary().usage));
    const withoutPings = (events: { type: string }[]) => events.filter((event) => event.type !== "ping");
    expect(withoutPings(out)).toEqual([
      {
        ...docsEvents[0],
        message: {
          ...docsEvents[0]?.message,
          usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: null, cache_read_input_tokens: null },
        },
      },
      ...withoutPings(docsEvents).slice(1, -2),
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn", stop_sequence: null },
        usage: { input_tokens: 25, output_tokens: 15, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
      { type: "message_stop" },
    ]);
  });

  it("ends an empty or failed stream properly", () => {
    const empty = new AnthropicEventStream({ model: "claude", fallbackId: "req-9" });
    expect(empty.finish().map((event) => event.type)).toEqual(["message_start", "ping", "message_delta", "message_stop"]);

    const failing = new AnthropicEventStream({ model: "claude", fallbackId: "req-9" });
    failing.push(chunk({ content: "partial" }));
    expect(failing.ping()).toEqual([{ type: "ping" }]);
    const upstream = new UpstreamError({ kind: "stream", provider: "openai", message: "upstream closed the stream before it finished" });
    const envelope = openAIToAnthropicError(upstream.gatewayStatus, upstream.toOpenAIError());
    expect(failing.fail(envelope.error)).toEqual([
      { type: "error", error: { type: "api_error", message: "openai: upstream closed the stream before it finished" } },
    ]);
    expect(failing.finish()).toEqual([]);
  });
});
