import type { ChatCompletion, CompletionUsage } from "@switchyard/schemas";
import type { AnthropicStopReason } from "@switchyard/schemas/anthropic";
import { parseToolArguments } from "../shared/chat-request";
import type { AnthropicReplyBlock, AnthropicReplyMessage, AnthropicReplyUsage } from "./types";

const stopReasonByFinish: Readonly<Record<string, AnthropicStopReason>> = {
  stop: "end_turn",
  length: "max_tokens",
  tool_calls: "tool_use",
  function_call: "tool_use",
  content_filter: "refusal",
};

/** OpenAI finish_reason → Anthropic stop_reason. OpenAI does not say which stop sequence matched, so a stop is end_turn. */
export function anthropicStopReason(finishReason: string | null | undefined): AnthropicStopReason {
  return (finishReason && stopReasonByFinish[finishReason]) || "end_turn";
}

/** Anthropic counts cache reads and writes apart from input_tokens; OpenAI's prompt_tokens includes them. */
export function anthropicReplyUsage(usage: CompletionUsage | null | undefined): AnthropicReplyUsage {
  const cacheRead = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage?.prompt_tokens_details?.cache_write_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

/** `chatcmpl-abc` → `msg_abc`: Anthropic clients expect their own id prefix. */
export function anthropicMessageId(id: string): string {
  return id.startsWith("msg_") ? id : `msg_${id.replace(/^chatcmpl-/, "")}`;
}

/** OpenAI chat completion (first choice) → Anthropic Message, named after the model the client asked for. */
export function openAIToAnthropicMessage(completion: ChatCompletion, model: string): AnthropicReplyMessage {
  const choice = completion.choices[0];
  const content: AnthropicReplyBlock[] = [];
  const text = choice?.message.content ?? choice?.message.refusal ?? "";
  if (text !== "") content.push({ type: "text", text });
  for (const call of choice?.message.tool_calls ?? []) {
    content.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) });
  }
  return {
    id: anthropicMessageId(completion.id),
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: choice?.message.refusal && !choice.message.content ? "refusal" : anthropicStopReason(choice?.finish_reason),
    stop_sequence: null,
    usage: anthropicReplyUsage(completion.usage),
  };
}
