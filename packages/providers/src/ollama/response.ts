import type { ChatCompletion, ChatCompletionMessage, ToolCall } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { isObject } from "../shared/json";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, ChatResult } from "../spec";
import { ollamaCreated, ollamaFinishReason, ollamaUsage } from "./finish-reason";
import { ollamaProvider } from "./request";
import type { OllamaChat } from "./wire";
import { ollamaChatSchema } from "./wire";

type OllamaToolCall = NonNullable<NonNullable<NonNullable<OllamaChat["message"]>["tool_calls"]>[number]>;

/** Ollama's tool calls carry arguments as an object (older builds, or some models, a JSON string). */
export function ollamaToolCall(call: OllamaToolCall, context: CallContext, position: number): ToolCall {
  const args = call.function.arguments;
  return {
    id: call.id ?? `call_${context.requestId}_${position}`,
    type: "function",
    function: { name: call.function.name, arguments: typeof args === "string" ? args : JSON.stringify(isObject(args) ? args : {}) },
  };
}

export function readOllamaChat(body: unknown, context: CallContext): OllamaChat {
  const parsed = ollamaChatSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw unreadableReply(ollamaProvider, context, "not an Ollama chat response", parsed.error);
}

export function parseOllamaResponse(body: unknown, context: CallContext): ChatResult {
  const reply = readOllamaChat(body, context);
  const toolCalls = (reply.message?.tool_calls ?? []).map((call, position) => ollamaToolCall(call, context, position));
  const text = reply.message?.content ?? "";
  const finishReason = ollamaFinishReason(reply.done_reason, toolCalls.length > 0);
  const message: ChatCompletionMessage = { role: "assistant", content: text === "" && toolCalls.length > 0 ? null : text, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reply.message?.thinking) message.reasoning_content = reply.message.thinking;
  const completion: ChatCompletion = {
    id: `chatcmpl-${context.requestId}`,
    object: "chat.completion",
    created: ollamaCreated(reply.created_at, context.created),
    model: reply.model ?? context.target.model,
    choices: [{ index: 0, message, finish_reason: toOpenAIFinishReason(finishReason), logprobs: null }],
  };
  const usage = ollamaUsage(reply);
  if (usage) completion.usage = usage;
  return { completion, finishReasons: [finishReason] };
}
