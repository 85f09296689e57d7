import type { ChatCompletion, ChatCompletionChunk } from "@switchyard/schemas";
import { anthropicMessageSchema, anthropicMessagesRequestSchema, anthropicStreamEventSchema } from "@switchyard/schemas/anthropic";
import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import {
  AnthropicEventStream,
  anthropicToOpenAIRequest,
  anthropicValidationError,
  openAIToAnthropicError,
  openAIToAnthropicMessage,
  serializeAnthropicEvent,
} from "../src/anthropic-messages";
import { UpstreamError } from "../src/spec";
import { callContext, pixelBase64 } from "./support/http-upstream";

// Fixtures follow the examples in Anthropic's Messages and tool-use documentation.
const weatherToolAnthropic = {
  name: "get_weather",
  description: "Get the current weather in a given location",
  input_schema: {
    type: "object",
    properties: { location: { type: "string", description: "The city and state, e.g. San Francisco, CA" } },
    required: ["location"],
  },
};

const toolConversation = {
  model: "claude-opus-4-1-20250805",
  max_tokens: 1024,
  system: [{ type: "text", text: "You are a weather bot.", cache_control: { type: "ephemeral" } }],
  tools: [weatherToolAnthropic],
  tool_choice: { type: "auto", disable_parallel_tool_use: true },
  stop_sequences: ["\n\nHuman:"],
  temperature: 0.2,
  metadata: { user_id: "13803d75-b4b5-4c3e-b2a2-6f21399b021b" },
  messages: [
    { role: "user", content: "What is the weather like in San Francisco?" },
    {
      role: "assistant",
      content: [
        { type: "text", text: "I need to use get_weather, and the user wants SF, which is likely San Francisco, CA." },
        {
          type: "tool_use",
          id: "toolu_01A09q90qw90lq917835lq9",
          name: "get_weather",
          input: { location: "San Francisco, CA", unit: "celsius" },
        },
      ],
    },
    {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_01A09q90qw90lq917835lq9", content: "15 degrees" },
        { type: "text", text: "And is that warm?" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: pixelBase64 } },
      ],
    },
  ],
};

describe("/v1/messages request translation", () => {
  it("turns the docs' tool conversation into an OpenAI chat request", () => {
    const request = anthropicMessagesRequestSchema.parse(toolConversation);
    expect(anthropicToOpenAIRequest(request)).toEqual({
      model: "claude-opus-4-1-20250805",
      max_tokens: 1024,
      messages: [
        { role: "system", content: [{ type: "text", text: "You are a weather bot.", cache_control: { type: "ephemeral" } }] },
        { role: "user", content: [{ type: "text", text: "What is the weather like in San Francisco?" }] },
        {
          role: "assistant",
          content: "I need to use get_weather, and the user wants SF, which is likely San Francisco, CA.",
          tool_calls: [
            {
              id: "toolu_01A09q90qw90lq917835lq9",
              type: "function",
              function: { name: "get_weather", arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "toolu_01A09q90qw90lq917835lq9", content: "15 degrees" },
        {
          role: "user",
          content: [
            { type: "text", text: "And is that warm?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${pixelBase64}` } },
          ],
        },
      ],
      tools: [
        {
          type: "function",
          function: { name: "get_weather", description: weatherToolAnthropic.description, parameters: weatherToolAnthropic.input_schema },
        },
      ],
      tool_choice: "auto",
      parallel_tool_calls: false,
      stop: ["\n\nHuman:"],
      temperature: 0.2,
      user: "13803d75-b4b5-4c3e-b2a2-6f21399b021b",
    });
  });

  it("round-trips through the Anthropic egress adapter back to the same Messages body", async () => {
    const openAI = anthropicToOpenAIRequest(anthropicMessagesRequestSchema.parse(toolConversation));
    const context = callContext({ provider: "anthropic", apiBase: "https://api.anthropic.com", model: "claude-opus-4-1-20250805" });
    const upstream = await anthropicAdapter.chat.buildRequest(openAI, context);
    const { user_id: userId } = toolConversation.metadata;
    expect(JSON.parse(String(upstream.body))).toEqual({
      ...toolConversation,
      metadata: { user_id: userId },
      // The only normalisation: string content becomes a text block.
      messages: [
        { role: "user", content: [{ type: "text", text: "What is the weather like in San Francisco?" }] },
        ...toolConversation.messages.slice(1),
      ],
    });
  });

  it("maps tool_choice, streaming, documents and tool-result images; drops server tools and thinking", () => {
    const request = anthropicMessagesRequestSchema.parse({
      model: "claude-sonnet-4-5",
      max_tokens: 64,
      stream: true,
      system: "Be brief.",
      thinking: { type: "enabled", budget_tokens: 2048 },
      tools: [weatherToolAnthropic, { type: "web_search_20250305", name: "web_search", max_uses: 5 }],
      tool_choice: { type: "tool", name: "get_weather" },
      messages: [
        {
          role: "user",
          content: [
            { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0xLjQK" }, title: "report.pdf" },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "Plain notes" } },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Let me think", signature: "sig" },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { location: "Oslo" } },
          ],
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_1",
              cache_control: { type: "ephemeral" },
              content: [
                { type: "text", text: "cold" },
                { type: "image", source: { type: "url", url: "https://example.com/radar.png" } },
              ],
            },
          ],
        },
      ],
    });
    const openAI = anthropicToOpenAIRequest(request);
    expect(openAI.stream).toBe(true);
    expect(openAI.stream_options).toEqual({ include_usage: true });
    expect(openAI.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(openAI.tools?.map((tool) => tool.function.name)).toEqual(["get_weather"]);
    expect(openAI).not.toHaveProperty("thinking");
    expect(openAI.messages).toEqual([
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "file", file: { file_data: "data:application/pdf;base64,JVBERi0xLjQK", filename: "report.pdf" } },
          { type: "text", text: "Plain notes" },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"location":"Oslo"}' } }],
      },
      { role: "tool", tool_call_id: "toolu_1", content: [{ type: "text", text: "cold", cache_control: { type: "ephemeral" } }] },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://example.com/radar.png" } }] },
    ]);
  });

  it("rejects malformed requests with Anthropic's error envelope naming the field", () => {
    const result = anthropicMessagesRequestSchema.safeParse({
      model: "claude",
      max_tokens: 10,
      messages: [{ role: "user", content: [{ type: "image" }] }],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    const body = anthropicValidationError(result.error);
    expect(body.type).toBe("error");
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toMatch(/^messages\.0\.content/);
    expect(anthropicMessagesRequestSchema.safeParse({ model: "claude", messages: [{ role: "user", content: "hi" }] }).success).toBe(false);
  });
});

describe("/v1/messages response translation", () => {
  const docsReply = {
    id: "msg_01Aq9w938a90dw8q",
    type: "message",
    role: "assistant",
    model: "claude-opus-4-1-20250805",
    content: [
      { type: "text", text: "I'll check the current weather in San Francisco for you." },
      {
        type: "tool_use",
        id: "toolu_01A09q90qw90lq917835lq9",
        name: "get_weather",
        input: { location: "San Francisco, CA", unit: "celsius" },
      },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 2095, output_tokens: 503, cache_creation_input_tokens: 100, cache_read_input_tokens: 1800 },
  };

  it("turns an OpenAI completion into an Anthropic message", () => {
    const completion: ChatCompletion = {
      id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      object: "chat.completion",
      created: 1_741_569_952,
      model: "gpt-4.1-2025-04-14",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How can I help?", refusal: null },
          finish_reason: "length",
          logprobs: null,
        },
      ],
      usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29, prompt_tokens_details: { cached_tokens: 4 } },
    };
    expect(openAIToAnthropicMessage(completion, "claude-sonnet-4-5")).toEqual({
      id: "msg_B9MBs8CjcvOU2jLn4n570S5qMJKcT",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5",
      content: [{ type: "text", text: "Hello! How can I help?" }],
      stop_reason: "max_tokens",
      stop_sequence: null,
      usage: { input_tokens: 15, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 4 },
    });
  });

  it("round-trips the docs' tool_use reply: Anthropic → OpenAI (egress) → Anthropic (ingress)", () => {
    const context = callContext({ provider: "anthropic", apiBase: "https://api.anthropic.com", model: "claude-opus-4-1" });
    const { completion } = anthropicAdapter.chat.parseResponse(structuredClone(docsReply), context);
    const back = openAIToAnthropicMessage(completion, "claude-opus-4-1-20250805");
    expect(back).toEqual(docsReply);
    expect(anthropicMessageSchema.safeParse(back).success).toBe(true);
  });
});

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

describe("/v1/messages error envelope", () => {
  it("maps gateway statuses to Anthropic error types", () => {
    const cases: [number, string][] = [
      [400, "invalid_request_error"],
      [401, "authentication_error"],
      [403, "permission_error"],
      [404, "not_found_error"],
      [413, "request_too_large"],
      [429, "rate_limit_error"],
      [502, "api_error"],
      [503, "overloaded_error"],
      [504, "timeout_error"],
    ];
    for (const [status, type] of cases) {
      expect(openAIToAnthropicError(status, { error: { message: "m", type: "x", param: null, code: null } })).toEqual({
        type: "error",
        error: { type, message: "m" },
      });
    }
  });
});
