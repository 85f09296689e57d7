import { anthropicMessagesRequestSchema } from "@switchyard/schemas/anthropic";
import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import { anthropicToOpenAIRequest, anthropicValidationError } from "../src/anthropic-messages";
import { callContext, pixelBase64 } from "./support/http-upstream";

// /v1/messages ingress, request side. Responses and the error envelope: anthropic-messages-response.test.ts;
// streams: anthropic-messages-stream.test.ts.

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
