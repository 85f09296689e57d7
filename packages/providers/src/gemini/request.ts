import type { ChatCompletionRequest, ToolCall, ToolChoice, UserContentPart } from "@switchyard/schemas";
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
import { guessMediaTypeFromUrl, parseDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json";
import { isObject, joinUrl, tryParseJson } from "../shared/json";
import type { CallContext, UpstreamRequest, UpstreamTarget } from "../spec";
import { toGeminiParameters, toGeminiSchema } from "./schema";

export const geminiProvider = "gemini";

/**
 * Gemini 3 rejects replayed function calls without the thought signature it issued. Replies
 * carry it on the tool call as `extra_content.google.thought_signature` (Google's own OpenAI-
 * compatible convention), and clients echo tool calls back as they got them. History from
 * elsewhere has none: Google documents this sentinel for that case.
 */
const skipThoughtSignature = "skip_thought_signature_validator";
/** Gemini 1.x and 2.x neither need nor issue signatures on function calls; later models do. */
const unsignedModels = /(^|\/)gemini-[12][.-]/;

interface GeminiContent {
  role: "user" | "model";
  parts: JsonObject[];
}

/** `gemini-2.5-flash` → `models/gemini-2.5-flash`; `tunedModels/x` and `models/x` stay as given. */
export function geminiModelPath(model: string): string {
  return model.includes("/") ? model : `models/${model}`;
}

export function geminiUrl(target: UpstreamTarget, method: string, query = ""): string {
  const version = target.apiVersion ?? "v1beta";
  return joinUrl(target.apiBase, `/${version}/${geminiModelPath(target.model)}:${method}${query}`);
}

export function geminiHeaders(target: UpstreamTarget, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    ...optionHeaders(target),
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (target.apiKey) headers["x-goog-api-key"] = target.apiKey;
  return headers;
}

const audioMimeTypes: Readonly<Record<string, string>> = { wav: "audio/wav", mp3: "audio/mp3" };

function userPart(part: UserContentPart, context: CallContext): JsonObject {
  switch (part.type) {
    case "text":
      return { text: part.text };
    case "image_url": {
      const inline = parseDataUrl(part.image_url.url);
      if (inline) return { inlineData: { mimeType: inline.mediaType, data: inline.base64 } };
      // Gemini fetches fileData URIs itself (Files API, YouTube and public https URLs).
      return { fileData: { mimeType: guessMediaTypeFromUrl(part.image_url.url), fileUri: part.image_url.url } };
    }
    case "input_audio":
      return {
        inlineData: {
          mimeType: audioMimeTypes[part.input_audio.format] ?? `audio/${part.input_audio.format}`,
          data: part.input_audio.data,
        },
      };
    case "file": {
      const inline = part.file.file_data ? parseDataUrl(part.file.file_data) : undefined;
      if (!inline) throw unsupported(context, geminiProvider, "file parts need file_data as a data: URL", "messages");
      return { inlineData: { mimeType: inline.mediaType, data: inline.base64 } };
    }
  }
}

function thoughtSignatureOf(call: ToolCall): string | undefined {
  const extra = call.extra_content;
  if (!isObject(extra) || !isObject(extra.google)) return undefined;
  const signature = extra.google.thought_signature;
  return typeof signature === "string" ? signature : undefined;
}

/** Tool output as Gemini's functionResponse.response, which must be an object. */
function functionResponse(text: string): JsonObject {
  const parsed = tryParseJson(text);
  return isObject(parsed) ? parsed : { content: text };
}

function toContents(messages: readonly TranslatableMessage[], context: CallContext): { system: JsonObject[]; contents: GeminiContent[] } {
  const needsSignature = !unsignedModels.test(context.target.model);
  const system: JsonObject[] = [];
  const contents: GeminiContent[] = [];
  const names = toolNamesById(messages);
  const push = (role: GeminiContent["role"], parts: JsonObject[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    // Gemini wants alternating turns; the function responses answering one model turn share one user turn.
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };
  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer":
        system.push({ text: textOf(message.content) });
        break;
      case "user":
        push(
          "user",
          typeof message.content === "string" ? [{ text: message.content }] : message.content.map((part) => userPart(part, context)),
        );
        break;
      case "tool": {
        const name = names.get(message.tool_call_id);
        if (!name)
          throw unsupported(context, geminiProvider, `tool message ${message.tool_call_id} answers no earlier tool call`, "messages");
        push("user", [{ functionResponse: { name, response: functionResponse(textOf(message.content)) } }]);
        break;
      }
      case "assistant": {
        const parts: JsonObject[] = [];
        const text = assistantText(message);
        if (text !== "") parts.push({ text });
        (message.tool_calls ?? []).forEach((call, index) => {
          const part: JsonObject = { functionCall: { name: call.function.name, args: parseToolArguments(call.function.arguments) } };
          // Only the first call of a parallel set carries a signature.
          const signature = thoughtSignatureOf(call) ?? (index === 0 && needsSignature ? skipThoughtSignature : undefined);
          if (signature) part.thoughtSignature = signature;
          parts.push(part);
        });
        push("model", parts);
        break;
      }
    }
  }
  return { system, contents };
}

function toolConfig(choice: ToolChoice | undefined): JsonObject | undefined {
  if (choice === undefined || choice === "auto") return undefined;
  if (choice === "none") return { functionCallingConfig: { mode: "NONE" } };
  if (choice === "required") return { functionCallingConfig: { mode: "ANY" } };
  return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.function.name] } };
}

function generationConfig(request: ChatCompletionRequest): JsonObject {
  const config: JsonObject = {};
  if (typeof request.temperature === "number") config.temperature = request.temperature;
  if (typeof request.top_p === "number") config.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === "number") config.maxOutputTokens = maxTokens;
  const stop = stopSequences(request.stop);
  if (stop) config.stopSequences = stop;
  if (typeof request.n === "number" && request.n > 1) config.candidateCount = request.n;
  if (typeof request.seed === "number") config.seed = request.seed;
  if (typeof request.presence_penalty === "number") config.presencePenalty = request.presence_penalty;
  if (typeof request.frequency_penalty === "number") config.frequencyPenalty = request.frequency_penalty;
  const format = request.response_format;
  if (format?.type === "json_object") config.responseMimeType = "application/json";
  if (format?.type === "json_schema") {
    config.responseMimeType = "application/json";
    if (format.json_schema.schema) config.responseSchema = toGeminiSchema(format.json_schema.schema);
  }
  return config;
}

/** OpenAI chat request → Gemini generateContent body. */
export function buildGeminiBody(request: ChatCompletionRequest, context: CallContext): JsonObject {
  const normalized = normalizeToolUse(request);
  const { system, contents } = toContents(normalized.messages, context);
  const body: JsonObject = { contents };
  if (system.length > 0) body.systemInstruction = { parts: system };
  if (normalized.tools.length > 0) {
    const declarations = normalized.tools.map((tool) => {
      const declaration: JsonObject = { name: tool.function.name };
      if (tool.function.description) declaration.description = tool.function.description;
      const parameters = toGeminiParameters(tool.function.parameters);
      if (parameters) declaration.parameters = parameters;
      return declaration;
    });
    body.tools = [{ functionDeclarations: declarations }];
    const config = toolConfig(normalized.toolChoice);
    if (config) body.toolConfig = config;
  }
  const config = generationConfig(request);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  // Gemini-only knobs a client may send through the OpenAI surface.
  if (Array.isArray(request.safetySettings)) body.safetySettings = request.safetySettings;
  if (typeof request.cachedContent === "string") body.cachedContent = request.cachedContent;
  return body;
}

export function buildGeminiRequest(request: ChatCompletionRequest, context: CallContext): UpstreamRequest {
  const method = context.stream ? "streamGenerateContent" : "generateContent";
  return {
    url: geminiUrl(context.target, method, context.stream ? "?alt=sse" : ""),
    method: "POST",
    headers: geminiHeaders(context.target, context.stream),
    body: JSON.stringify(buildGeminiBody(request, context)),
  };
}
