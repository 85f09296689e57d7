import type { ChatCompletion, ChatCompletionChoice, ToolCall } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, ChatResult, FinishReason } from "../spec";
import { geminiFinishReason, geminiUsage } from "./finish-reason";
import { geminiProvider } from "./request";
import type { GeminiPart, GeminiResponse } from "./wire";
import { geminiResponseSchema } from "./wire";

/** Gemini has no tool-call ids (newer models sometimes send one); ours are unique per request. */
export function geminiToolCallId(part: GeminiPart, context: CallContext, candidate: number, position: number): string {
  return part.functionCall?.id ?? `call_${context.requestId}_${candidate}_${position}`;
}

/** A functionCall part as an OpenAI tool call, its thought signature kept where Google's OpenAI endpoint puts it. */
export function geminiToolCall(part: GeminiPart, id: string): ToolCall {
  const call: ToolCall = {
    id,
    type: "function",
    function: { name: part.functionCall?.name ?? "", arguments: JSON.stringify(part.functionCall?.args ?? {}) },
  };
  if (part.thoughtSignature) call.extra_content = { google: { thought_signature: part.thoughtSignature } };
  return call;
}

export function readGeminiResponse(body: unknown, context: CallContext): GeminiResponse {
  const parsed = geminiResponseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw unreadableReply(geminiProvider, context, "not a GenerateContentResponse", parsed.error);
}

/** generateContent JSON → OpenAI chat completion, one choice per candidate. */
export function parseGeminiResponse(body: unknown, context: CallContext): ChatResult {
  const response = readGeminiResponse(body, context);
  const finishReasons: FinishReason[] = [];
  const choices: ChatCompletionChoice[] = [];
  const candidates = response.candidates ?? [];
  candidates.forEach((candidate, position) => {
    const index = candidate.index ?? position;
    let text = "";
    let reasoning = "";
    const toolCalls: ToolCall[] = [];
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) toolCalls.push(geminiToolCall(part, geminiToolCallId(part, context, index, toolCalls.length)));
      else if (part.thought) reasoning += part.text ?? "";
      else text += part.text ?? "";
    }
    const reason = geminiFinishReason(candidate.finishReason ?? "STOP", toolCalls.length > 0);
    finishReasons[index] = reason;
    const message: ChatCompletionChoice["message"] = {
      role: "assistant",
      content: text === "" && toolCalls.length > 0 ? null : text,
      refusal: null,
    };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    if (reasoning !== "") message.reasoning_content = reasoning;
    choices.push({ index, message, finish_reason: toOpenAIFinishReason(reason), logprobs: null });
  });
  // A blocked prompt comes back with no candidates at all, only promptFeedback.blockReason.
  if (choices.length === 0) {
    const reason: FinishReason = { unified: "content_filter", raw: response.promptFeedback?.blockReason ?? null };
    finishReasons[0] = reason;
    choices.push({ index: 0, message: { role: "assistant", content: "", refusal: null }, finish_reason: "content_filter", logprobs: null });
  }
  const completion: ChatCompletion = {
    id: response.responseId ? `chatcmpl-${response.responseId}` : `chatcmpl-${context.requestId}`,
    object: "chat.completion",
    created: context.created,
    model: response.modelVersion ?? context.target.model,
    choices,
  };
  const usage = geminiUsage(response.usageMetadata);
  if (usage) completion.usage = usage;
  return { completion, finishReasons };
}
