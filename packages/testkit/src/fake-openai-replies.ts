import { createHash } from "node:crypto";

/**
 * Deterministic answers for the fake OpenAI server: the same request always gets the same
 * reply, so tests can assert on content and the demo provider behaves predictably.
 */

type Json = Record<string, unknown>;

export interface PlannedToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface PlannedChoice {
  content: string | null;
  toolCalls: PlannedToolCall[];
  finishReason: "stop" | "length" | "tool_calls";
}

export interface PlannedReply {
  choices: PlannedChoice[];
  promptTokens: number;
  completionTokens: number;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of a message's content, whether a string or an array of parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => (isObject(part) && part.type === "text" && typeof part.text === "string" ? part.text : ""))
    .filter(Boolean)
    .join(" ");
}

function imageCount(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  return content.filter((part) => isObject(part) && part.type === "image_url").length;
}

/** Roughly OpenAI's 4-characters-per-token rule: good enough for usage numbers in tests. */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

function summarise(text: string, limit = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}

/** A value that satisfies a (simple) JSON Schema: enough for json_schema mode and tool arguments. */
export function exampleFromSchema(schema: unknown, hint: string, depth = 0): unknown {
  if (!isObject(schema) || depth > 6) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const result: Json = {};
      const properties = isObject(schema.properties) ? schema.properties : {};
      for (const [name, child] of Object.entries(properties))
        result[name] = exampleFromSchema(child, name === "location" || name === "city" ? hint : name, depth + 1);
      return result;
    }
    case "array":
      return [exampleFromSchema(schema.items, hint, depth + 1)];
    case "integer":
    case "number":
      return typeof schema.minimum === "number" ? schema.minimum : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    case "string":
      return hint;
    default:
      return isObject(schema.properties) ? exampleFromSchema({ ...schema, type: "object" }, hint, depth) : hint;
  }
}

function locationHint(text: string): string {
  const match = /\b(?:in|for|at)\s+([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)/.exec(text);
  return match?.[1] ?? "Paris";
}

function stableId(prefix: string, seed: string): string {
  return `${prefix}${createHash("sha256").update(seed).digest("hex").slice(0, 24)}`;
}

interface ToolDefinition {
  name: string;
  parameters: unknown;
}

function toolsOf(body: Json): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  if (Array.isArray(body.tools)) {
    for (const tool of body.tools) {
      if (isObject(tool) && isObject(tool.function) && typeof tool.function.name === "string")
        tools.push({ name: tool.function.name, parameters: tool.function.parameters });
    }
  }
  return tools;
}

/** When the model "decides" to call a tool: forced by tool_choice, or the prompt names it or asks for a tool. */
function chooseTool(body: Json, lastUserText: string): ToolDefinition | undefined {
  const tools = toolsOf(body);
  if (tools.length === 0 || body.tool_choice === "none") return undefined;
  const choice = body.tool_choice;
  if (isObject(choice) && isObject(choice.function)) return tools.find((tool) => tool.name === (choice.function as Json).name);
  if (choice === "required") return tools[0];
  const lower = lastUserText.toLowerCase();
  const named = tools.find((tool) => lower.includes(tool.name.toLowerCase()) || lower.includes(tool.name.replace(/_/g, " ").toLowerCase()));
  if (named) return named;
  if (/\b(tool|function|weather|look ?up|call)\b/.test(lower)) return tools[0];
  return undefined;
}

function truncateToTokens(text: string, maxTokens: number | undefined): { text: string; truncated: boolean } {
  if (maxTokens === undefined || countTokens(text) <= maxTokens) return { text, truncated: false };
  return { text: text.slice(0, maxTokens * 4), truncated: true };
}

function applyStop(text: string, stop: unknown): string {
  const stops =
    typeof stop === "string" ? [stop] : Array.isArray(stop) ? stop.filter((item): item is string => typeof item === "string") : [];
  let end = text.length;
  for (const sequence of stops) {
    const index = text.indexOf(sequence);
    if (sequence !== "" && index !== -1 && index < end) end = index;
  }
  return text.slice(0, end);
}

/** The reply text for a normal (non-tool, non-JSON) turn. */
function friendlyText(model: string, messages: Json[], choiceIndex: number): string {
  const last = messages[messages.length - 1];
  if (last?.role === "tool") return `The tool returned: ${summarise(contentText(last.content), 300)}`;
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const text = summarise(contentText(lastUser?.content));
  const images = imageCount(lastUser?.content);
  const seen = images > 0 ? ` I can see ${images} image${images === 1 ? "" : "s"}.` : "";
  const variant = choiceIndex > 0 ? ` (alternative ${choiceIndex + 1})` : "";
  if (model.includes("smart"))
    return `Here is a considered answer from ${model}${variant}. You asked: "${text}".${seen} This is a deterministic demo reply.`;
  return `Hello from ${model}${variant}! You said: "${text}".${seen}`;
}

export function planChatReply(body: Json): PlannedReply {
  const model = typeof body.model === "string" ? body.model : "demo";
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const promptText = messages.map((message) => contentText(message.content)).join("\n");
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  const lastUserText = contentText(lastUser?.content);
  const n = typeof body.n === "number" && body.n > 1 ? Math.min(body.n, 8) : 1;
  const maxTokensValue = body.max_completion_tokens ?? body.max_tokens;
  const maxTokens = typeof maxTokensValue === "number" ? maxTokensValue : undefined;
  const lastIsTool = messages[messages.length - 1]?.role === "tool";
  const tool = lastIsTool ? undefined : chooseTool(body, lastUserText);
  const format = isObject(body.response_format) ? body.response_format : undefined;

  const choices: PlannedChoice[] = [];
  let completionTokens = 0;
  for (let index = 0; index < n; index++) {
    if (tool) {
      const argumentsJson = JSON.stringify(exampleFromSchema(tool.parameters ?? { type: "object" }, locationHint(lastUserText)) ?? {});
      const id = stableId("call_", `${promptText}:${tool.name}:${index}`);
      choices.push({ content: null, toolCalls: [{ id, name: tool.name, arguments: argumentsJson }], finishReason: "tool_calls" });
      completionTokens += countTokens(tool.name + argumentsJson);
      continue;
    }
    let text: string;
    if (format?.type === "json_schema" && isObject(format.json_schema)) {
      text = JSON.stringify(exampleFromSchema(format.json_schema.schema ?? { type: "object" }, summarise(lastUserText, 40)));
    } else if (format?.type === "json_object") {
      text = JSON.stringify({ model, echo: summarise(lastUserText) });
    } else {
      text = friendlyText(model, messages, index);
    }
    const stopped = applyStop(text, body.stop);
    const { text: finalText, truncated } = truncateToTokens(stopped, maxTokens);
    choices.push({ content: finalText, toolCalls: [], finishReason: truncated ? "length" : "stop" });
    completionTokens += countTokens(finalText);
  }
  return { choices, promptTokens: countTokens(promptText), completionTokens };
}

/** A unit vector derived from the text: same input, same embedding; similar to nothing in particular. */
export function embeddingFor(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  let block = createHash("sha256").update(text).digest();
  for (let index = 0; index < dimensions; index++) {
    if (index > 0 && index % 32 === 0) block = createHash("sha256").update(block).digest();
    vector.push(((block[index % 32] ?? 0) - 127.5) / 127.5);
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Number((value / norm).toFixed(6)));
}

/** Splits text into the pieces a streaming model would emit (words with their leading space). */
export function streamPieces(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}
