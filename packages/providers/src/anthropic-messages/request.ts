import type { ChatCompletionRequest, ChatMessage, TextPart, Tool, ToolCall, ToolChoice, UserContentPart } from "@switchyard/schemas";
import type {
  AnthropicContentBlockParam,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicToolChoice,
} from "@switchyard/schemas/anthropic";

/**
 * Anthropic Messages request (what Claude Code and the Anthropic SDK send to `/v1/messages`)
 * → OpenAI chat request, so the gateway can route it to any provider.
 *
 * Carried over: system (string or blocks), text, images (base64 → data: URL, url → URL),
 * PDF/text documents, tool_use ↔ tool_calls, tool_result → `tool` messages, tools,
 * tool_choice and disable_parallel_tool_use, stop_sequences, temperature, top_p, max_tokens,
 * metadata.user_id, stream (always with usage), and `cache_control` markers on text blocks,
 * tools and tool results (the Anthropic egress adapter puts them back).
 * Dropped, as no OpenAI field holds them: thinking blocks and the `thinking` option, top_k,
 * server tools (web_search_…, bash_… and other typed tools), citations.
 */

type AnthropicBlock = AnthropicContentBlockParam;

function textPart(text: string, source: Readonly<Record<string, unknown>>): TextPart {
  const part: TextPart = { type: "text", text };
  if (source.cache_control !== undefined) part.cache_control = source.cache_control;
  return part;
}

function imagePart(block: Extract<AnthropicBlock, { type: "image" }>): UserContentPart {
  const url = block.source.type === "base64" ? `data:${block.source.media_type};base64,${block.source.data}` : block.source.url;
  return { type: "image_url", image_url: { url } };
}

function documentPart(block: Extract<AnthropicBlock, { type: "document" }>): UserContentPart {
  const source = block.source;
  switch (source.type) {
    case "base64":
      return {
        type: "file",
        file: { file_data: `data:${source.media_type};base64,${source.data}`, filename: block.title ?? "document.pdf" },
      };
    case "text":
      return textPart(source.data, block);
    case "content":
      return textPart(typeof source.content === "string" ? source.content : source.content.map((part) => part.text).join("\n"), block);
    case "url":
      // OpenAI file parts take bytes, not URLs; the model gets the link as text.
      return textPart(`Document: ${source.url}`, block);
  }
}

function blocksOf(content: AnthropicMessageParam["content"]): AnthropicBlock[] {
  return typeof content === "string" ? [{ type: "text", text: content }] : content;
}

/** A user turn: tool results become `tool` messages (OpenAI wants them right after the calls), the rest one user message. */
function userMessages(content: AnthropicMessageParam["content"]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const parts: UserContentPart[] = [];
  for (const block of blocksOf(content)) {
    switch (block.type) {
      case "text":
        parts.push(textPart(block.text, block));
        break;
      case "image":
        parts.push(imagePart(block));
        break;
      case "document":
        parts.push(documentPart(block));
        break;
      case "tool_result": {
        const results = typeof block.content === "string" ? [{ type: "text" as const, text: block.content }] : (block.content ?? []);
        const text = results.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
        const marked = block.cache_control !== undefined;
        messages.push({ role: "tool", tool_call_id: block.tool_use_id, content: marked ? [textPart(text, block)] : text });
        // OpenAI tool messages carry text only; images a tool returned follow as user content.
        for (const part of results) if (part.type === "image") parts.push(imagePart(part));
        break;
      }
      default:
        // tool_use in a user turn is invalid upstream anyway; thinking blocks have no OpenAI form.
        break;
    }
  }
  if (parts.length > 0) messages.push({ role: "user", content: parts });
  return messages;
}

function assistantMessage(content: AnthropicMessageParam["content"]): ChatMessage | undefined {
  let text = "";
  const toolCalls: ToolCall[] = [];
  for (const block of blocksOf(content)) {
    if (block.type === "text") text += block.text;
    else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  if (text === "" && toolCalls.length === 0) return undefined;
  const message: ChatMessage = { role: "assistant", content: text === "" ? null : text };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function toolChoice(choice: AnthropicToolChoice): ToolChoice {
  switch (choice.type) {
    case "auto":
      return "auto";
    case "any":
      return "required";
    case "none":
      return "none";
    case "tool":
      return { type: "function", function: { name: choice.name } };
  }
}

export function anthropicToOpenAIRequest(request: AnthropicMessagesRequest): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  if (typeof request.system === "string" && request.system !== "") messages.push({ role: "system", content: request.system });
  else if (Array.isArray(request.system) && request.system.length > 0) {
    messages.push({ role: "system", content: request.system.map((block) => textPart(block.text, block)) });
  }
  for (const message of request.messages) {
    if (message.role === "user") messages.push(...userMessages(message.content));
    else {
      const assistant = assistantMessage(message.content);
      if (assistant) messages.push(assistant);
    }
  }

  const openAI: ChatCompletionRequest = { model: request.model, messages, max_tokens: request.max_tokens };
  const tools: Tool[] = [];
  for (const tool of request.tools ?? []) {
    // Typed tools are Anthropic-hosted (web search, code execution, ...): nothing else can run them.
    if (tool.type && tool.type !== "custom") continue;
    const definition: Tool = {
      type: "function",
      function: { name: tool.name, parameters: tool.input_schema ?? { type: "object", properties: {} } },
    };
    if (tool.description) definition.function.description = tool.description;
    if (tool.cache_control !== undefined) definition.cache_control = tool.cache_control;
    tools.push(definition);
  }
  if (tools.length > 0) {
    openAI.tools = tools;
    if (request.tool_choice) {
      openAI.tool_choice = toolChoice(request.tool_choice);
      if (request.tool_choice.type !== "none" && request.tool_choice.disable_parallel_tool_use) openAI.parallel_tool_calls = false;
    }
  }
  if (request.stop_sequences && request.stop_sequences.length > 0) openAI.stop = request.stop_sequences;
  if (typeof request.temperature === "number") openAI.temperature = request.temperature;
  if (typeof request.top_p === "number") openAI.top_p = request.top_p;
  if (request.metadata?.user_id) openAI.user = request.metadata.user_id;
  if (request.stream) {
    openAI.stream = true;
    openAI.stream_options = { include_usage: true };
  }
  return openAI;
}
