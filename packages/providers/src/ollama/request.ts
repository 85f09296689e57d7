import type { ChatCompletionRequest, UserContentPart } from "@switchyard/schemas";
import { optionHeaders } from "../openai/request";
import type { TranslatableMessage } from "../shared/chat-request";
import {
  assistantText,
  normalizeToolUse,
  parseToolArguments,
  stopSequences,
  textOf,
  toolNamesById,
  unsupported,
} from "../shared/chat-request";
import { parseDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json";
import { joinUrl } from "../shared/json";
import type { CallContext, UpstreamRequest, UpstreamTarget } from "../spec";

export const ollamaProvider = "ollama";

export function ollamaHeaders(target: UpstreamTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    ...optionHeaders(target),
    "content-type": "application/json",
    accept: stream ? "application/x-ndjson" : "application/json",
  };
  // Local Ollama has no auth; ollama.com and reverse proxies take a bearer key.
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return headers;
}

function userMessage(content: string | UserContentPart[], context: CallContext): JsonObject {
  if (typeof content === "string") return { role: "user", content };
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of content) {
    if (part.type === "text") texts.push(part.text);
    else if (part.type === "image_url") {
      const inline = parseDataUrl(part.image_url.url);
      // Ollama takes base64 bytes only; fetching URLs is not the gateway's job.
      if (!inline) throw unsupported(context, ollamaProvider, "Ollama takes images as data: URLs", "messages");
      images.push(inline.base64);
    } else throw unsupported(context, ollamaProvider, `${part.type} parts are not supported by Ollama`, "messages");
  }
  const message: JsonObject = { role: "user", content: texts.join("\n") };
  if (images.length > 0) message.images = images;
  return message;
}

function ollamaMessage(message: TranslatableMessage, names: ReadonlyMap<string, string>, context: CallContext): JsonObject {
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content: textOf(message.content) };
    case "user":
      return userMessage(message.content, context);
    case "tool": {
      const result: JsonObject = { role: "tool", content: textOf(message.content) };
      const name = names.get(message.tool_call_id);
      if (name) result.tool_name = name;
      return result;
    }
    case "assistant": {
      const content = assistantText(message);
      const result: JsonObject = { role: "assistant", content };
      if (message.tool_calls?.length) {
        result.tool_calls = message.tool_calls.map((call) => ({
          function: { name: call.function.name, arguments: parseToolArguments(call.function.arguments) },
        }));
      }
      return result;
    }
  }
}

function toMessages(messages: readonly TranslatableMessage[], context: CallContext): JsonObject[] {
  const names = toolNamesById(messages);
  return messages.map((message) => ollamaMessage(message, names, context));
}

/**
 * OpenAI chat request → Ollama `/api/chat` body (https://github.com/ollama/ollama/blob/main/docs/api.md).
 * Ollama has no tool_choice: "none" leaves the tools out, "required" and named choices cannot be enforced.
 */
export function buildOllamaBody(request: ChatCompletionRequest, context: CallContext): JsonObject {
  if (request.n && request.n > 1) throw unsupported(context, ollamaProvider, "n > 1 is not supported by Ollama", "n");
  const normalized = normalizeToolUse(request);
  // Ollama streams unless told otherwise.
  const body: JsonObject = { model: context.target.model, messages: toMessages(normalized.messages, context), stream: context.stream };
  if (normalized.tools.length > 0 && normalized.toolChoice !== "none") {
    body.tools = normalized.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.function.name,
        description: tool.function.description ?? "",
        parameters: tool.function.parameters ?? { type: "object", properties: {} },
      },
    }));
  }
  const format = request.response_format;
  if (format?.type === "json_object") body.format = "json";
  if (format?.type === "json_schema") body.format = format.json_schema.schema ?? "json";

  const options: JsonObject = {};
  if (typeof request.temperature === "number") options.temperature = request.temperature;
  if (typeof request.top_p === "number") options.top_p = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === "number") options.num_predict = maxTokens;
  const stop = stopSequences(request.stop);
  if (stop) options.stop = stop;
  if (typeof request.seed === "number") options.seed = request.seed;
  if (typeof request.presence_penalty === "number") options.presence_penalty = request.presence_penalty;
  if (typeof request.frequency_penalty === "number") options.frequency_penalty = request.frequency_penalty;
  // Ollama-only options a client may send through the OpenAI surface (num_ctx, top_k, ...).
  if (typeof request.options === "object" && request.options !== null) Object.assign(options, request.options);
  if (Object.keys(options).length > 0) body.options = options;
  if (request.keep_alive !== undefined) body.keep_alive = request.keep_alive;
  if (request.think !== undefined) body.think = request.think;
  return body;
}

export function buildOllamaRequest(request: ChatCompletionRequest, context: CallContext): UpstreamRequest {
  return {
    url: joinUrl(context.target.apiBase, "/api/chat"),
    method: "POST",
    headers: ollamaHeaders(context.target, context.stream),
    body: JSON.stringify(buildOllamaBody(request, context)),
  };
}
