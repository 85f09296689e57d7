import type { ChatCompletion, ChatCompletionMessage, ToolCall } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, ChatResult } from "../spec";
import { converseFinishReason, converseUsage } from "./finish-reason";
import { bedrockProvider } from "./signing";
import { converseResponseSchema } from "./wire";

/** Converse JSON → OpenAI chat completion. Converse replies carry no id or model; ours are used. */
export function parseConverseResponse(body: unknown, context: CallContext): ChatResult {
  const parsed = converseResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw unreadableReply(bedrockProvider, context, "not a Converse response", parsed.error);
  }
  let text = "";
  let reasoning = "";
  const toolCalls: ToolCall[] = [];
  for (const block of parsed.data.output.message?.content ?? []) {
    if (typeof block.text === "string") text += block.text;
    else if (block.toolUse) {
      toolCalls.push({
        id: block.toolUse.toolUseId,
        type: "function",
        function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input ?? {}) },
      });
    } else if (block.reasoningContent?.reasoningText?.text) reasoning += block.reasoningContent.reasoningText.text;
  }
  const finishReason = converseFinishReason(parsed.data.stopReason);
  const message: ChatCompletionMessage = { role: "assistant", content: text === "" && toolCalls.length > 0 ? null : text, refusal: null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== "") message.reasoning_content = reasoning;
  const completion: ChatCompletion = {
    id: `chatcmpl-${context.requestId}`,
    object: "chat.completion",
    created: context.created,
    model: context.target.model,
    choices: [{ index: 0, message, finish_reason: toOpenAIFinishReason(finishReason), logprobs: null }],
  };
  if (parsed.data.usage) completion.usage = converseUsage(parsed.data.usage);
  return { completion, finishReasons: [finishReason] };
}
