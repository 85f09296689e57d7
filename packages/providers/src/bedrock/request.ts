import type { ChatCompletionRequest, ToolChoice, UserContentPart } from "@switchyard/schemas";
import { optionHeaders } from "../openai/request";
import type { TranslatableMessage } from "../shared/chat-request";
import { assistantText, normalizeToolUse, parseToolArguments, stopSequences, textOf, unsupported } from "../shared/chat-request";
import { parseDataUrl } from "../shared/data-url";
import type { JsonObject } from "../shared/json";
import { joinUrl } from "../shared/json";
import { jsonInstruction } from "../shared/json-instruction";
import type { CallContext, UpstreamRequest } from "../spec";
import { bedrockBaseUrl, bedrockProvider, signBedrockRequest } from "./signing";

type Block = JsonObject;
interface BedrockMessage {
  role: "user" | "assistant";
  content: Block[];
}

/** Bedrock prompt caching: a cachePoint block after content marked the Anthropic way (`cache_control`). */
const cachePoint: Block = { cachePoint: { type: "default" } };

const imageFormats: Readonly<Record<string, string>> = {
  "image/png": "png",
  "image/jpeg": "jpeg",
  "image/jpg": "jpeg",
  "image/gif": "gif",
  "image/webp": "webp",
};

// Document names may hold only letters, digits, spaces, hyphens, parentheses and square brackets.
function documentName(filename: string | null | undefined): string {
  const base = (filename ?? "document")
    .replace(/\.[^.]+$/, "")
    .replace(/[^A-Za-z0-9 ()[\]-]/g, " ")
    .trim();
  return base === "" ? "document" : base;
}

function textBlocks(text: string, marked: boolean): Block[] {
  return marked ? [{ text }, cachePoint] : [{ text }];
}

function userBlocks(part: UserContentPart, context: CallContext): Block[] {
  switch (part.type) {
    case "text":
      return textBlocks(part.text, part.cache_control !== undefined);
    case "image_url": {
      const inline = parseDataUrl(part.image_url.url);
      const format = inline ? imageFormats[inline.mediaType] : undefined;
      // Converse takes image bytes (or S3 locations), never a web URL: fetching is not the gateway's job.
      if (!inline || !format)
        throw unsupported(context, bedrockProvider, "Bedrock takes images as data: URLs (png, jpeg, gif or webp)", "messages");
      return [{ image: { format, source: { bytes: inline.base64 } } }];
    }
    case "file": {
      const inline = part.file.file_data ? parseDataUrl(part.file.file_data) : undefined;
      if (!inline) throw unsupported(context, bedrockProvider, "file parts need file_data as a data: URL", "messages");
      const format = inline.mediaType.split("/")[1] ?? "pdf";
      return [{ document: { format, name: documentName(part.file.filename), source: { bytes: inline.base64 } } }];
    }
    case "input_audio":
      throw unsupported(context, bedrockProvider, "audio input is not supported by Bedrock Converse", "messages");
  }
}

function messageBlocks(message: Exclude<TranslatableMessage, { role: "system" | "developer" }>, context: CallContext): Block[] {
  switch (message.role) {
    case "user":
      return typeof message.content === "string"
        ? message.content === ""
          ? []
          : [{ text: message.content }]
        : message.content.flatMap((part) => userBlocks(part, context));
    case "tool":
      return [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }] } }];
    case "assistant": {
      const blocks: Block[] = [];
      const text = assistantText(message);
      // Converse rejects blank text blocks.
      if (text.trim() !== "") blocks.push({ text });
      for (const call of message.tool_calls ?? []) {
        blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseToolArguments(call.function.arguments) } });
      }
      return blocks;
    }
  }
}

function toMessages(
  messages: readonly TranslatableMessage[],
  context: CallContext,
): { system: Block[]; turns: BedrockMessage[]; usesTools: boolean } {
  const system: Block[] = [];
  const turns: BedrockMessage[] = [];
  let usesTools = false;
  for (const message of messages) {
    if (message.role === "system" || message.role === "developer") {
      if (typeof message.content === "string") system.push({ text: message.content });
      else for (const part of message.content) system.push(...textBlocks(part.text, part.cache_control !== undefined));
      continue;
    }
    if (message.role === "tool" || (message.role === "assistant" && message.tool_calls?.length)) usesTools = true;
    const role = message.role === "assistant" ? "assistant" : "user";
    const blocks = messageBlocks(message, context);
    if (blocks.length === 0) continue;
    const last = turns.at(-1);
    // Converse wants alternating roles: tool results and the user text after them share a turn.
    if (last && last.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return { system, turns, usesTools };
}

function toolChoice(choice: ToolChoice | undefined): JsonObject | undefined {
  if (choice === "required") return { any: {} };
  if (typeof choice === "object") return { tool: { name: choice.function.name } };
  // "auto" is Converse's default; "none" has no Converse form (see buildConverseBody).
  return undefined;
}

/**
 * OpenAI chat request → Converse body (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
 * JSON mode becomes a system instruction: Converse has no response format, and forced tool
 * choice (which Anthropic's adapter uses instead) works only for some Bedrock model families.
 */
export function buildConverseBody(request: ChatCompletionRequest, context: CallContext): JsonObject {
  if (request.n && request.n > 1) throw unsupported(context, bedrockProvider, "n > 1 is not supported by Bedrock Converse", "n");
  const normalized = normalizeToolUse(request);
  const { system, turns, usesTools } = toMessages(normalized.messages, context);
  const instruction = jsonInstruction(request.response_format);
  if (instruction) system.push({ text: instruction });
  const body: JsonObject = { messages: turns };
  if (system.length > 0) body.system = system;

  const inference: JsonObject = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === "number") inference.maxTokens = maxTokens;
  if (typeof request.temperature === "number") inference.temperature = request.temperature;
  if (typeof request.top_p === "number") inference.topP = request.top_p;
  const stop = stopSequences(request.stop);
  if (stop) inference.stopSequences = stop;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;

  // tool_choice "none" drops the tools, unless the history holds tool blocks: Converse then requires toolConfig.
  const dropTools = normalized.toolChoice === "none" && !usesTools;
  if (normalized.tools.length > 0 && !dropTools) {
    const tools = normalized.tools.map((tool) => {
      const spec: JsonObject = {
        name: tool.function.name,
        inputSchema: { json: tool.function.parameters ?? { type: "object", properties: {} } },
      };
      if (tool.function.description) spec.description = tool.function.description;
      return { toolSpec: spec };
    });
    const choice = toolChoice(normalized.toolChoice);
    body.toolConfig = choice ? { tools, toolChoice: choice } : { tools };
  }
  // Bedrock-only passthrough (e.g. Anthropic's top_k, or reasoning settings).
  if (typeof request.additionalModelRequestFields === "object" && request.additionalModelRequestFields !== null) {
    body.additionalModelRequestFields = request.additionalModelRequestFields;
  }
  return body;
}

export function bedrockModelUrl(context: CallContext, action: string): string {
  return joinUrl(bedrockBaseUrl(context.target), `/model/${encodeURIComponent(context.target.model)}/${action}`);
}

export function createConverseRequestBuilder(now: () => Date) {
  return async function buildConverseRequest(request: ChatCompletionRequest, context: CallContext): Promise<UpstreamRequest> {
    const headers: Record<string, string> = {
      ...optionHeaders(context.target),
      "content-type": "application/json",
      accept: context.stream ? "application/vnd.amazon.eventstream" : "application/json",
    };
    const url = bedrockModelUrl(context, context.stream ? "converse-stream" : "converse");
    return signBedrockRequest({ url, headers, body: JSON.stringify(buildConverseBody(request, context)) }, context, now);
  };
}
