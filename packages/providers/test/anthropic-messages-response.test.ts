import type { ChatCompletion } from "@switchyard/schemas";
import { anthropicMessageSchema } from "@switchyard/schemas/anthropic";
import { describe, expect, it } from "vitest";
import { anthropicAdapter } from "../src/anthropic";
import { openAIToAnthropicError, openAIToAnthropicMessage } from "../src/anthropic-messages";
import { callContext } from "./support/http-upstream";

// /v1/messages ingress, response side: OpenAI completions and gateway errors back to Anthropic's shapes.

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
