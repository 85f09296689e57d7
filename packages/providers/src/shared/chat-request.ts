import type { ChatCompletionRequest, ChatMessage, TextPart, Tool, ToolCall, ToolChoice } from "@switchyard/schemas";
import type { CallContext } from "../spec";
import { UpstreamError } from "../spec";
import { isObject, tryParseJson } from "./json";

/**
 * Helpers for adapters that translate OpenAI chat requests into a non-OpenAI wire format
 * (Anthropic, Gemini, Bedrock, Ollama): each needs the same reading of the request first.
 */

/** Every message role except the legacy `function`, which `normalizeToolUse` rewrites as `tool`. */
export type TranslatableMessage = Exclude<ChatMessage, { role: "function" }>;

export interface NormalizedToolUse {
  readonly messages: TranslatableMessage[];
  readonly tools: Tool[];
  readonly toolChoice: ToolChoice | undefined;
}

/**
 * Folds the legacy `functions` / `function_call` API into tools, so translations handle one
 * shape. An assistant `function_call` gets a synthetic id that the `function` reply after it
 * reuses (the legacy API pairs them by order, not by id).
 */
export function normalizeToolUse(request: ChatCompletionRequest): NormalizedToolUse {
  const tools: Tool[] = request.tools ? [...request.tools] : [];
  for (const definition of request.functions ?? []) tools.push({ type: "function", function: definition });
  let toolChoice: ToolChoice | undefined = request.tool_choice ?? undefined;
  if (toolChoice === undefined && request.function_call) {
    toolChoice = typeof request.function_call === "string" ? request.function_call : { type: "function", function: request.function_call };
  }
  const messages: TranslatableMessage[] = [];
  let pendingFunctionCallId: string | undefined;
  request.messages.forEach((message, index) => {
    if (message.role === "function") {
      const id = pendingFunctionCallId ?? `call_function_${index}`;
      messages.push({ role: "tool", tool_call_id: id, content: message.content ?? "" });
      return;
    }
    if (message.role === "assistant" && message.function_call && !message.tool_calls?.length) {
      pendingFunctionCallId = `call_function_${index}`;
      const toolCall: ToolCall = { id: pendingFunctionCallId, type: "function", function: message.function_call };
      messages.push({ ...message, function_call: undefined, tool_calls: [toolCall] });
      return;
    }
    messages.push(message);
  });
  return { messages, tools, toolChoice };
}

/** Plain text of a text-only content field (system, developer, tool messages). */
export function textOf(content: string | readonly TextPart[] | null | undefined): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text).join("");
}

/** An assistant message's text: its string content, or its text and refusal parts joined. */
export function assistantText(message: Extract<TranslatableMessage, { role: "assistant" }>): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" ? part.text : part.refusal)).join("");
}

/** OpenAI's `stop` (a string or up to four) as a list; undefined when absent or empty. */
export function stopSequences(stop: ChatCompletionRequest["stop"]): string[] | undefined {
  if (stop === null || stop === undefined) return undefined;
  const list = typeof stop === "string" ? [stop] : stop;
  return list.length > 0 ? [...list] : undefined;
}

/** Tool call id → function name, for providers whose tool results must name the function (Gemini, Ollama). */
export function toolNamesById(messages: readonly TranslatableMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== "assistant") continue;
    for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  }
  return names;
}

/**
 * Tool-call arguments (a JSON string in OpenAI's format) as the object other providers want.
 * Arguments that are not a JSON object (a model can emit broken JSON) become `{}`: the
 * provider would reject the whole conversation otherwise.
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  const parsed = tryParseJson(text);
  return isObject(parsed) ? parsed : {};
}

/** A request the adapter cannot express for this provider: the caller's 400, never retried. */
export function unsupported(context: CallContext, provider: string, message: string, param?: string): UpstreamError {
  return new UpstreamError({
    kind: "bad_request",
    provider,
    deploymentId: context.target.deploymentId,
    message,
    param: param ?? null,
    code: "unsupported_parameter",
    retryable: false,
  });
}
