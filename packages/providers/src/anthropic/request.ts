import type { ChatCompletionRequest, ToolChoice, UserContentPart } from "@switchyard/schemas";
import { optionHeaders } from "../openai/request";
import type { TranslatableMessage } from "../shared/chat-request";
import { normalizeToolUse, parseToolArguments, stopSequences, textOf, unsupported } from "../shared/chat-request";
import { parseDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json";
import { joinUrl } from "../shared/json";
import type { CallContext, UpstreamRequest } from "../spec";
import { planJsonOutput } from "./json-output";

export const anthropicProvider = "anthropic";
export const defaultAnthropicVersion = "2023-06-01";
/** Anthropic requires max_tokens; used when the client sets neither max_tokens nor max_completion_tokens. */
export const defaultMaxTokens = 4096;

type Block = JsonObject;
interface AnthropicTurn {
  role: "user" | "assistant";
  content: Block[];
}

// Anthropic tool ids must match ^[a-zA-Z0-9_-]+$; ids minted by other providers may not.
function toolId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, "_");
}

/** OpenAI text parts may carry Anthropic's `cache_control` (OpenRouter-style); keep it on the block. */
function textBlock(text: string, source?: JsonObject): Block {
  const block: Block = { type: "text", text };
  if (source && source.cache_control !== undefined) block.cache_control = source.cache_control;
  return block;
}

function userPartBlock(part: UserContentPart, context: CallContext): Block {
  switch (part.type) {
    case "text":
      return textBlock(part.text, part);
    case "image_url": {
      const url = part.image_url.url;
      const inline = parseDataUrl(url);
      if (inline) return { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.base64 } };
      if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
      throw unsupported(context, anthropicProvider, "image_url must be a data: or http(s) URL", "messages");
    }
    case "file": {
      const inline = part.file.file_data ? parseDataUrl(part.file.file_data) : undefined;
      if (!inline)
        throw unsupported(context, anthropicProvider, "file parts need file_data as a data: URL (file ids are OpenAI's)", "messages");
      const block: Block = { type: "document", source: { type: "base64", media_type: inline.mediaType, data: inline.base64 } };
      if (part.file.filename) block.title = part.file.filename;
      return block;
    }
    case "input_audio":
      throw unsupported(context, anthropicProvider, "audio input is not supported by Anthropic", "messages");
  }
}

function messageBlocks(message: Exclude<TranslatableMessage, { role: "system" | "developer" }>, context: CallContext): Block[] {
  switch (message.role) {
    case "user":
      if (typeof message.content === "string") return message.content === "" ? [] : [textBlock(message.content)];
      return message.content.map((part) => userPartBlock(part, context));
    case "tool": {
      const block: Block = { type: "tool_result", tool_use_id: toolId(message.tool_call_id), content: textOf(message.content) };
      const marked = typeof message.content === "string" ? undefined : message.content.find((part) => part.cache_control !== undefined);
      if (marked) block.cache_control = marked.cache_control;
      return [block];
    }
    case "assistant": {
      const blocks: Block[] = [];
      const content = message.content;
      if (typeof content === "string") {
        // Anthropic rejects empty text blocks.
        if (content !== "") blocks.push(textBlock(content));
      } else if (content) {
        for (const part of content) {
          const text = part.type === "text" ? part.text : part.refusal;
          if (text !== "") blocks.push(textBlock(text, part));
        }
      }
      for (const call of message.tool_calls ?? []) {
        blocks.push({
          type: "tool_use",
          id: toolId(call.id),
          name: call.function.name,
          input: parseToolArguments(call.function.arguments),
        });
      }
      return blocks;
    }
  }
}

/** Anthropic wants strictly alternating turns: consecutive same-role messages (tool results then user text) merge. */
function toTurns(messages: readonly TranslatableMessage[], context: CallContext): { system: Block[]; turns: AnthropicTurn[] } {
  const system: Block[] = [];
  const turns: AnthropicTurn[] = [];
  for (const message of messages) {
    if (message.role === "system" || message.role === "developer") {
      if (typeof message.content === "string") system.push(textBlock(message.content));
      else for (const part of message.content) system.push(textBlock(part.text, part));
      continue;
    }
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = messageBlocks(message, context);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return { system, turns };
}

function toolChoice(choice: ToolChoice | undefined, disableParallel: boolean): JsonObject | undefined {
  let mapped: JsonObject | undefined;
  if (choice === "auto") mapped = { type: "auto" };
  else if (choice === "none") return { type: "none" };
  else if (choice === "required") mapped = { type: "any" };
  else if (choice) mapped = { type: "tool", name: choice.function.name };
  if (!disableParallel) return mapped;
  return { ...(mapped ?? { type: "auto" }), disable_parallel_tool_use: true };
}

/** OpenAI chat request → Anthropic Messages body (https://docs.anthropic.com/en/api/messages). */
export function buildAnthropicBody(request: ChatCompletionRequest, context: CallContext): JsonObject {
  if (request.n && request.n > 1) throw unsupported(context, anthropicProvider, "n > 1 is not supported by Anthropic", "n");
  const normalized = normalizeToolUse(request);
  const { system, turns } = toTurns(normalized.messages, context);
  const body: JsonObject = {
    model: context.target.model,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? defaultMaxTokens,
    messages: turns,
  };

  const tools: JsonObject[] = normalized.tools.map((tool) => {
    const definition: JsonObject = {
      name: tool.function.name,
      input_schema: tool.function.parameters ?? { type: "object", properties: {} },
    };
    if (tool.function.description) definition.description = tool.function.description;
    if (tool.cache_control !== undefined) definition.cache_control = tool.cache_control;
    return definition;
  });
  const jsonOutput = planJsonOutput(request.response_format, tools.length > 0);
  if (jsonOutput.instruction) system.push(textBlock(jsonOutput.instruction));
  if (system.length > 0) body.system = system;

  if (jsonOutput.tool) {
    body.tools = [jsonOutput.tool];
    body.tool_choice = { type: "tool", name: jsonOutput.tool.name };
  } else if (tools.length > 0) {
    body.tools = tools;
    const choice = toolChoice(normalized.toolChoice, request.parallel_tool_calls === false);
    if (choice) body.tool_choice = choice;
  }

  const stop = stopSequences(request.stop);
  if (stop) body.stop_sequences = stop;
  // OpenAI's range is 0..2, Anthropic's 0..1: clamp rather than have the upstream refuse the call.
  if (typeof request.temperature === "number") body.temperature = Math.min(request.temperature, 1);
  if (typeof request.top_p === "number") body.top_p = request.top_p;
  if (request.user) body.metadata = { user_id: request.user };
  // Anthropic-only knobs a client may send through the OpenAI surface.
  if (typeof request.top_k === "number") body.top_k = request.top_k;
  if (request.thinking !== undefined && request.thinking !== null) body.thinking = request.thinking;
  if (context.stream) body.stream = true;
  return body;
}

export function anthropicHeaders(context: CallContext): Record<string, string> {
  const target = context.target;
  const headers: Record<string, string> = {
    ...optionHeaders(target),
    "content-type": "application/json",
    accept: context.stream ? "text/event-stream" : "application/json",
    "anthropic-version": target.apiVersion ?? defaultAnthropicVersion,
  };
  if (target.apiKey) headers["x-api-key"] = target.apiKey;
  return headers;
}

/** What Anthropic's count_tokens accepts (https://docs.anthropic.com/en/api/messages-count-tokens); it refuses anything else. */
const countTokensFields = ["messages", "system", "tools", "tool_choice", "thinking", "mcp_servers"] as const;

/**
 * `POST {apiBase}/v1/messages/count_tokens` for a Messages request as a client sent it (Anthropic's
 * own format: no translation, so nothing is lost), for the deployment's model and with only the
 * fields that endpoint takes. Replies `{"input_tokens": N}`.
 */
export function buildAnthropicCountTokensRequest(
  messagesRequest: Readonly<Record<string, unknown>>,
  context: CallContext,
): UpstreamRequest {
  const body: Record<string, unknown> = { model: context.target.model };
  for (const field of countTokensFields) {
    const value = messagesRequest[field];
    if (value !== undefined && value !== null) body[field] = value;
  }
  return {
    url: joinUrl(context.target.apiBase, "/v1/messages/count_tokens"),
    method: "POST",
    headers: anthropicHeaders(context),
    body: JSON.stringify(body),
  };
}

export function buildAnthropicRequest(request: ChatCompletionRequest, context: CallContext): UpstreamRequest {
  return {
    url: joinUrl(context.target.apiBase, "/v1/messages"),
    method: "POST",
    headers: anthropicHeaders(context),
    body: JSON.stringify(buildAnthropicBody(request, context)),
  };
}
