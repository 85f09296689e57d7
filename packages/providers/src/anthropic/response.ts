import type { ChatCompletion, ChatCompletionMessage, ToolCall } from "@switchyard/schemas";
import { anthropicMessageSchema } from "@switchyard/schemas/anthropic";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, ChatResult, FinishReason } from "../spec";
import { anthropicFinishReason, anthropicUsage } from "./finish-reason";
import { jsonOutputToolName } from "./json-output";
import { anthropicProvider } from "./request";

/** Anthropic Message JSON → OpenAI chat completion (one choice: Anthropic has no `n`). */
export function parseAnthropicResponse(body: unknown, context: CallContext): ChatResult {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success) {
    throw unreadableReply(anthropicProvider, context, "not an Anthropic message", parsed.error);
  }
  const message = parsed.data;
  let text = "";
  let reasoning = "";
  let answeredAsJson = false;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === "text") text += block.text ?? "";
    else if (block.type === "thinking") reasoning += block.thinking ?? "";
    else if (block.type === "tool_use" && block.name === jsonOutputToolName) {
      // The forced JSON-mode tool (see json-output.ts): its input is the answer.
      text += JSON.stringify(block.input ?? {});
      answeredAsJson = true;
    } else if (block.type === "tool_use") {
      toolCalls.push({
        id: block.id ?? `call_${toolCalls.length}`,
        type: "function",
        function: { name: block.name ?? "", arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }

  let finishReason: FinishReason = anthropicFinishReason(message.stop_reason);
  if (answeredAsJson && toolCalls.length === 0) finishReason = { unified: "stop", raw: finishReason.raw };

  const completionMessage: ChatCompletionMessage = {
    role: "assistant",
    content: text === "" && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (toolCalls.length > 0) completionMessage.tool_calls = toolCalls;
  // DeepSeek's name for reasoning text, the de facto OpenAI-compatible field.
  if (reasoning !== "") completionMessage.reasoning_content = reasoning;

  const completion: ChatCompletion = {
    id: message.id ?? `chatcmpl-${context.requestId}`,
    object: "chat.completion",
    created: context.created,
    model: message.model ?? context.target.model,
    choices: [{ index: 0, message: completionMessage, finish_reason: toOpenAIFinishReason(finishReason), logprobs: null }],
  };
  if (message.usage) completion.usage = anthropicUsage(message.usage);
  return { completion, finishReasons: [finishReason] };
}
