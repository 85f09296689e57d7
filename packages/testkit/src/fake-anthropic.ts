import type { PlannedReply } from "./fake-openai-replies";
import { countTokens, planChatReply, streamPieces } from "./fake-openai-replies";
import type { FakeExchange, FakeProviderOptions, FakeProviderServer, FakeReply, Json } from "./fake-provider-server";
import { isJsonObject, sendReply, stableId, startFakeProviderServer, writeFrames } from "./fake-provider-server";

/**
 * A fake Anthropic Messages API (https://docs.anthropic.com/en/api/messages) on loopback:
 * `POST /v1/messages` JSON and SSE (message_start, content_block_start/delta/stop, ping,
 * message_delta, message_stop), tool_use blocks with input_json_delta, prompt-cache counts,
 * Anthropic's error envelope (429 with retry-after, 529 overloaded, "prompt is too long"),
 * refusals, and cuts mid-stream. `url` is the apiBase (no /v1), as the Anthropic SDK wants.
 * `POST /v1/messages/count_tokens` (https://docs.anthropic.com/en/api/messages-count-tokens) answers
 * `{"input_tokens": N}`, N being every input token /v1/messages would report for the same request
 * (input + cache writes + cache reads), and refuses fields it does not take (max_tokens, stream, ...).
 *
 * Prompt caching: tokens up to the last block with `cache_control` are a cache write the first
 * time a prefix is seen and a cache read after that.
 */

export const anthropicErrorStatus: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

export function anthropicError(type: string, message: string): Json {
  return { type: "error", error: { type, message }, request_id: "req_011CSHoEeqs5C35K2UUqR7Fy" };
}

function errorReply(cause: string, status: number, message?: string, retryAfterSeconds?: number): FakeReply {
  switch (cause) {
    case "rate-limit":
      return {
        status: 429,
        body: anthropicError("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
        headers: { "retry-after": String(retryAfterSeconds ?? 1), "anthropic-ratelimit-requests-remaining": "0" },
      };
    case "context-length":
      return { status: 400, body: anthropicError("invalid_request_error", "prompt is too long: 208357 tokens > 200000 maximum") };
    case "auth":
      return { status: 401, body: anthropicError("authentication_error", "invalid x-api-key") };
    case "not-found":
      return { status: 404, body: anthropicError("not_found_error", message ?? "Not found") };
    default: {
      const type =
        Object.entries(anthropicErrorStatus).find(([, code]) => code === status)?.[0] ??
        (status >= 500 ? "api_error" : "invalid_request_error");
      const text =
        message ??
        (type === "overloaded_error" ? "Overloaded" : type === "api_error" ? "Internal server error" : `Request failed (${status})`);
      return { status, body: anthropicError(type, text) };
    }
  }
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter(isJsonObject) : [];
}

/** The Anthropic request as the OpenAI-shaped body the shared planner reads. */
function toPlannerBody(body: Json): Json {
  const messages: Json[] = [];
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isJsonObject) : []) {
    const parts: Json[] = [];
    const toolCalls: Json[] = [];
    for (const block of blocksOf(message.content)) {
      if (block.type === "text") parts.push({ type: "text", text: block.text });
      else if (block.type === "image") parts.push({ type: "image_url", image_url: { url: "image" } });
      else if (block.type === "tool_use")
        toolCalls.push({ id: block.id, type: "function", function: { name: block.name, arguments: JSON.stringify(block.input) } });
      else if (block.type === "tool_result") {
        const text = blocksOf(block.content)
          .map((part) => (typeof part.text === "string" ? part.text : ""))
          .join("");
        messages.push({ role: "tool", tool_call_id: block.tool_use_id, content: text });
      }
    }
    if (parts.length > 0 || toolCalls.length > 0) messages.push({ role: message.role, content: parts, tool_calls: toolCalls });
  }
  const tools = Array.isArray(body.tools)
    ? body.tools.filter(isJsonObject).map((tool) => ({ type: "function", function: { name: tool.name, parameters: tool.input_schema } }))
    : [];
  const choice = isJsonObject(body.tool_choice) ? body.tool_choice : undefined;
  let toolChoice: unknown;
  if (choice?.type === "any") toolChoice = "required";
  else if (choice?.type === "none") toolChoice = "none";
  else if (choice?.type === "tool") toolChoice = { type: "function", function: { name: choice.name } };
  // The model "follows" a JSON instruction in the system prompt, as JSON mode without a forced tool asks it to.
  const systemText = blocksOf(body.system)
    .map((block) => (typeof block.text === "string" ? block.text : ""))
    .join("\n");
  let responseFormat: unknown;
  const schemaText = /matches this JSON schema: (.*)$/s.exec(systemText)?.[1];
  if (schemaText) responseFormat = { type: "json_schema", json_schema: { name: "response", schema: JSON.parse(schemaText) } };
  else if (systemText.includes("Respond only with a single valid JSON object")) responseFormat = { type: "json_object" };
  return {
    model: body.model,
    messages,
    tools,
    tool_choice: toolChoice,
    response_format: responseFormat,
    stop: body.stop_sequences,
    max_tokens: body.max_tokens,
  };
}

/** Text of everything up to (and including) the last block marked for caching. */
function cachedPrefix(body: Json): string {
  const pieces: { text: string; marked: boolean }[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools.filter(isJsonObject) : [])
    pieces.push({ text: JSON.stringify(tool), marked: tool.cache_control !== undefined });
  for (const block of blocksOf(body.system)) pieces.push({ text: String(block.text ?? ""), marked: block.cache_control !== undefined });
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isJsonObject) : []) {
    for (const block of blocksOf(message.content)) pieces.push({ text: JSON.stringify(block), marked: block.cache_control !== undefined });
  }
  const last = pieces.findLastIndex((piece) => piece.marked);
  return last === -1
    ? ""
    : pieces
        .slice(0, last + 1)
        .map((piece) => piece.text)
        .join("\n");
}

interface Rendered {
  id: string;
  content: Json[];
  stopReason: string;
  usage: Json;
}

function render(body: Json, reply: PlannedReply, seenPrefixes: Set<string>, refusal: boolean): Rendered {
  const choice = reply.choices[0] ?? { content: "", toolCalls: [], finishReason: "stop" as const };
  const seed = JSON.stringify(body.messages);
  const id = stableId("msg_01", seed, 22);
  const prefix = cachedPrefix(body);
  const cacheTokens = countTokens(prefix);
  const cacheRead = prefix !== "" && seenPrefixes.has(prefix) ? cacheTokens : 0;
  const cacheWrite = prefix !== "" && !seenPrefixes.has(prefix) ? cacheTokens : 0;
  if (prefix !== "") seenPrefixes.add(prefix);
  const promptTokens = Math.max(reply.promptTokens, cacheTokens);
  const usage = {
    input_tokens: promptTokens - cacheRead - cacheWrite,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: reply.completionTokens,
    service_tier: "standard",
  };
  if (refusal) {
    return {
      id,
      content: [{ type: "text", text: "I can't help with that." }],
      stopReason: "refusal",
      usage: { ...usage, output_tokens: 6 },
    };
  }
  const content: Json[] = [];
  if (choice.content) content.push({ type: "text", text: choice.content });
  for (const call of choice.toolCalls) {
    content.push({ type: "tool_use", id: call.id.replace(/^call_/, "toolu_01"), name: call.name, input: JSON.parse(call.arguments) });
  }
  const stopReason = choice.finishReason === "tool_calls" ? "tool_use" : choice.finishReason === "length" ? "max_tokens" : "end_turn";
  return { id, content, stopReason, usage };
}

function sse(event: string, data: Json): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

function streamFrames(model: string, rendered: Rendered): string[] {
  const { output_tokens: outputTokens, ...startUsage } = rendered.usage;
  const frames = [
    sse("message_start", {
      message: {
        id: rendered.id,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...startUsage, output_tokens: 1 },
      },
    }),
  ];
  rendered.content.forEach((block, index) => {
    if (block.type === "text") {
      frames.push(sse("content_block_start", { index, content_block: { type: "text", text: "" } }));
      if (index === 0) frames.push(sse("ping", {}));
      for (const piece of streamPieces(String(block.text)))
        frames.push(sse("content_block_delta", { index, delta: { type: "text_delta", text: piece } }));
    } else {
      frames.push(sse("content_block_start", { index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } }));
      if (index === 0) frames.push(sse("ping", {}));
      const json = JSON.stringify(block.input);
      frames.push(sse("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: "" } }));
      for (const piece of json.match(/.{1,10}/gs) ?? [])
        frames.push(sse("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: piece } }));
    }
    frames.push(sse("content_block_stop", { index }));
  });
  frames.push(
    sse("message_delta", { delta: { stop_reason: rendered.stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } }),
  );
  frames.push(sse("message_stop", {}));
  return frames;
}

/** The fields count_tokens takes; any other is refused as Anthropic does. */
const countTokensFields = new Set(["model", "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers"]);

export type FakeAnthropic = FakeProviderServer;

export function startFakeAnthropic(options: FakeProviderOptions = {}): Promise<FakeAnthropic> {
  const seenPrefixes = new Set<string>();
  return startFakeProviderServer(
    {
      route(method, url, body) {
        if (method !== "POST") return undefined;
        const model = typeof body?.model === "string" ? body.model : "";
        if (url.pathname === "/v1/messages/count_tokens") return { endpoint: "count_tokens", model, stream: false };
        if (url.pathname !== "/v1/messages") return undefined;
        return { endpoint: "chat", model, stream: body?.stream === true };
      },
      authorised: (request, _url, apiKey) => request.headers["x-api-key"] === apiKey,
      errorReply,
      async handle(exchange: FakeExchange) {
        const { body, response } = exchange;
        if (typeof exchange.record.headers["anthropic-version"] !== "string") {
          return sendReply(response, errorReply("bad-request", 400, "anthropic-version: header is required"));
        }
        if (exchange.route.endpoint === "count_tokens") {
          const extra = Object.keys(body).find((field) => !countTokensFields.has(field));
          if (extra) return sendReply(response, errorReply("bad-request", 400, `${extra}: Extra inputs are not permitted`));
          if (!Array.isArray(body.messages) || body.messages.length === 0)
            return sendReply(response, errorReply("bad-request", 400, "messages: Field required"));
          const promptTokens = planChatReply(toPlannerBody(body)).promptTokens;
          return sendReply(response, { status: 200, body: { input_tokens: Math.max(promptTokens, countTokens(cachedPrefix(body))) } });
        }
        if (typeof body.max_tokens !== "number") return sendReply(response, errorReply("bad-request", 400, "max_tokens: Field required"));
        if (!Array.isArray(body.messages) || body.messages.length === 0)
          return sendReply(response, errorReply("bad-request", 400, "messages: Field required"));
        const rendered = render(body, planChatReply(toPlannerBody(body)), seenPrefixes, exchange.contentFilter);
        const model = exchange.route.model;
        if (exchange.route.stream) {
          const headers = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "request-id": "req_fake" };
          return writeFrames(exchange, headers, streamFrames(model, rendered));
        }
        sendReply(response, {
          status: 200,
          body: {
            id: rendered.id,
            type: "message",
            role: "assistant",
            model,
            content: rendered.content,
            stop_reason: rendered.stopReason,
            stop_sequence: null,
            usage: rendered.usage,
          },
          headers: { "request-id": "req_fake" },
        });
      },
    },
    options,
  );
}
