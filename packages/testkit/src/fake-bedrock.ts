import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { PlannedReply } from "./fake-openai-replies";
import { countTokens, embeddingFor, planChatReply, streamPieces } from "./fake-openai-replies";
import type {
  FakeErrorCause,
  FakeExchange,
  FakeProviderOptions,
  FakeProviderServer,
  FakeReply,
  FakeRoute,
  Json,
} from "./fake-provider-server";
import { isJsonObject, sendReply, startFakeProviderServer, writeFrames } from "./fake-provider-server";
import { verifySigV4 } from "./sigv4";

/**
 * A fake Amazon Bedrock Runtime on loopback: `POST /model/{modelId}/converse`,
 * `/converse-stream` (AWS event-stream binary frames: messageStart, contentBlockStart/Delta/Stop,
 * messageStop, metadata; payloads padded with `p` as Bedrock does) and `/invoke` for Titan and
 * Cohere embeddings. Errors carry `x-amzn-errortype` and `{"message"}`; a guardrail answers
 * content-filter. With `apiKey` set to an access key id, requests must be SigV4-signed with it
 * (`Authorization: AWS4-HMAC-SHA256 Credential=<id>/...`) or carry it as a Bedrock API key
 * (`Authorization: Bearer <key>`); with `secretAccessKey` too, the signature is recomputed
 * (sigv4.ts) and a mismatch is refused like a bad credential.
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";

export function bedrockErrorReply(status: number, exception: string, message: string): FakeReply {
  return {
    status,
    body: { message },
    headers: { "x-amzn-errortype": `${exception}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
  };
}

function errorReply(cause: FakeErrorCause, status: number, message?: string): FakeReply {
  switch (cause) {
    case "rate-limit":
      // Bedrock sends no retry-after.
      return bedrockErrorReply(429, "ThrottlingException", "Too many requests, please wait before trying again.");
    case "context-length":
      return bedrockErrorReply(400, "ValidationException", "Input is too long for requested model.");
    case "auth":
      return bedrockErrorReply(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
    case "not-found":
      return { status: 404, body: { message: message ?? "Not Found" }, headers: { "x-amzn-errortype": "UnknownOperationException" } };
    default: {
      if (status === 503)
        return bedrockErrorReply(503, "ServiceUnavailableException", message ?? "Bedrock is unable to process your request.");
      if (status >= 500)
        return bedrockErrorReply(
          status,
          "InternalServerException",
          message ?? "The server encountered an internal error while processing the request.",
        );
      return bedrockErrorReply(status, "ValidationException", message ?? `Request failed (${status})`);
    }
  }
}

/** One event-stream message the way ConverseStream frames it. */
export function converseStreamFrame(eventType: string, payload: Json, messageType: "event" | "exception" = "event"): Uint8Array {
  const typeHeader = messageType === "event" ? ":event-type" : ":exception-type";
  return codec.encode({
    headers: {
      [typeHeader]: { type: "string", value: eventType },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: messageType },
    },
    body: fromUtf8(JSON.stringify(messageType === "event" ? { ...payload, p: padding.slice(0, 8 + (eventType.length % 20)) } : payload)),
  });
}

const routePattern = /^\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;

function blocksOf(message: Json): Json[] {
  return Array.isArray(message.content) ? message.content.filter(isJsonObject) : [];
}

/** The Converse request as the OpenAI-shaped body the shared planner reads. */
function toPlannerBody(model: string, body: Json): Json {
  const messages: Json[] = [];
  const system = Array.isArray(body.system) ? body.system.filter(isJsonObject) : [];
  const systemText = system.map((block) => (typeof block.text === "string" ? block.text : "")).join("\n");
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isJsonObject) : []) {
    const parts: Json[] = [];
    const toolCalls: Json[] = [];
    for (const block of blocksOf(message)) {
      if (typeof block.text === "string") parts.push({ type: "text", text: block.text });
      else if (block.image) parts.push({ type: "image_url", image_url: { url: "image" } });
      else if (isJsonObject(block.toolUse)) {
        toolCalls.push({
          id: block.toolUse.toolUseId,
          type: "function",
          function: { name: block.toolUse.name, arguments: JSON.stringify(block.toolUse.input) },
        });
      } else if (isJsonObject(block.toolResult)) {
        const text = blocksOf(block.toolResult)
          .map((item) => (typeof item.text === "string" ? item.text : JSON.stringify(item.json)))
          .join("");
        messages.push({ role: "tool", content: text });
      }
    }
    if (parts.length > 0 || toolCalls.length > 0) messages.push({ role: message.role, content: parts, tool_calls: toolCalls });
  }
  const toolConfig = isJsonObject(body.toolConfig) ? body.toolConfig : {};
  const tools = (Array.isArray(toolConfig.tools) ? toolConfig.tools.filter(isJsonObject) : []).flatMap((tool) =>
    isJsonObject(tool.toolSpec) && isJsonObject(tool.toolSpec.inputSchema)
      ? [{ type: "function", function: { name: tool.toolSpec.name, parameters: tool.toolSpec.inputSchema.json } }]
      : [],
  );
  const choice = isJsonObject(toolConfig.toolChoice) ? toolConfig.toolChoice : {};
  let toolChoice: unknown;
  if (choice.any) toolChoice = "required";
  else if (isJsonObject(choice.tool)) toolChoice = { type: "function", function: { name: choice.tool.name } };
  // The model "follows" a JSON instruction in the system prompt, as Converse models are asked to.
  let responseFormat: unknown;
  const schemaText = /matches this JSON schema: (.*)$/s.exec(systemText)?.[1];
  if (schemaText) responseFormat = { type: "json_schema", json_schema: { name: "response", schema: JSON.parse(schemaText) } };
  else if (systemText.includes("Respond only with a single valid JSON object")) responseFormat = { type: "json_object" };
  const inference = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
  return {
    model,
    messages,
    tools,
    tool_choice: toolChoice,
    response_format: responseFormat,
    stop: inference.stopSequences,
    max_tokens: inference.maxTokens,
  };
}

interface Rendered {
  content: Json[];
  stopReason: string;
  usage: Json;
}

function render(reply: PlannedReply, contentFilter: boolean): Rendered {
  const usage = {
    inputTokens: reply.promptTokens,
    outputTokens: reply.completionTokens,
    totalTokens: reply.promptTokens + reply.completionTokens,
  };
  if (contentFilter) {
    const text = "Sorry, the model cannot answer this question.";
    return {
      content: [{ text }],
      stopReason: "guardrail_intervened",
      usage: { ...usage, outputTokens: countTokens(text), totalTokens: reply.promptTokens + countTokens(text) },
    };
  }
  const choice = reply.choices[0] ?? { content: "", toolCalls: [], finishReason: "stop" as const };
  const content: Json[] = [];
  if (choice.content) content.push({ text: choice.content });
  for (const call of choice.toolCalls)
    content.push({ toolUse: { toolUseId: call.id.replace(/^call_/, "tooluse_"), name: call.name, input: JSON.parse(call.arguments) } });
  const stopReason = choice.finishReason === "tool_calls" ? "tool_use" : choice.finishReason === "length" ? "max_tokens" : "end_turn";
  return { content, stopReason, usage };
}

function streamFrames(rendered: Rendered): Uint8Array[] {
  const frames = [converseStreamFrame("messageStart", { role: "assistant" })];
  rendered.content.forEach((block, contentBlockIndex) => {
    if (typeof block.text === "string") {
      for (const text of streamPieces(block.text))
        frames.push(converseStreamFrame("contentBlockDelta", { contentBlockIndex, delta: { text } }));
    } else if (isJsonObject(block.toolUse)) {
      const { toolUseId, name, input } = block.toolUse;
      frames.push(converseStreamFrame("contentBlockStart", { contentBlockIndex, start: { toolUse: { toolUseId, name } } }));
      for (const piece of JSON.stringify(input).match(/.{1,10}/gs) ?? []) {
        frames.push(converseStreamFrame("contentBlockDelta", { contentBlockIndex, delta: { toolUse: { input: piece } } }));
      }
    }
    frames.push(converseStreamFrame("contentBlockStop", { contentBlockIndex }));
  });
  frames.push(converseStreamFrame("messageStop", { stopReason: rendered.stopReason }));
  frames.push(converseStreamFrame("metadata", { usage: rendered.usage, metrics: { latencyMs: 42 } }));
  return frames;
}

function invoke(model: string, body: Json): FakeReply {
  if (model.includes("titan-embed")) {
    const text = typeof body.inputText === "string" ? body.inputText : "";
    const dimensions = typeof body.dimensions === "number" ? body.dimensions : 8;
    return { status: 200, body: { embedding: embeddingFor(`${model}:${text}`, dimensions), inputTextTokenCount: countTokens(text) } };
  }
  if (model.includes("cohere.embed")) {
    const texts = Array.isArray(body.texts) ? body.texts.map(String) : [];
    if (typeof body.input_type !== "string")
      return errorReply("bad-request", 400, "Malformed input request: #: required key [input_type] not found");
    return {
      status: 200,
      body: {
        id: "fake-embed",
        embeddings: texts.map((text) => embeddingFor(`${model}:${text}`, 8)),
        texts,
        response_type: "embeddings_floats",
      },
    };
  }
  return errorReply("bad-request", 400, "The provided model identifier is invalid.");
}

export type FakeBedrock = FakeProviderServer;

export interface FakeBedrockOptions extends FakeProviderOptions {
  /** With `apiKey` (the access key id): recompute every SigV4 signature with this secret and refuse mismatches. */
  secretAccessKey?: string;
  /** The region signatures must be scoped to (default us-east-1); checked only with `secretAccessKey`. */
  region?: string;
}

export function startFakeBedrock(options: FakeBedrockOptions = {}): Promise<FakeBedrock> {
  return startFakeProviderServer(
    {
      route(method, url): FakeRoute | undefined {
        const match = routePattern.exec(url.pathname);
        if (method !== "POST" || !match?.[1] || !match[2]) return undefined;
        return {
          endpoint: match[2] === "invoke" ? "embeddings" : "chat",
          model: decodeURIComponent(match[1]),
          stream: match[2] === "converse-stream",
        };
      },
      authorised(request, url, apiKey, rawBody) {
        const header = request.headers.authorization ?? "";
        if (header === `Bearer ${apiKey}`) return true;
        if (!header.startsWith(`AWS4-HMAC-SHA256 Credential=${apiKey}/`)) return false;
        if (options.secretAccessKey === undefined) return true;
        const method = request.method ?? "POST";
        const query = Object.fromEntries(url.searchParams);
        const expected = {
          accessKeyId: apiKey,
          secretAccessKey: options.secretAccessKey,
          region: options.region ?? "us-east-1",
          service: "bedrock",
        };
        return verifySigV4({ method, path: url.pathname, query, headers: request.headers, body: rawBody }, expected).ok;
      },
      errorReply,
      async handle(exchange: FakeExchange) {
        const { body, response, route } = exchange;
        if (route.endpoint === "embeddings") return sendReply(response, invoke(route.model, body));
        if (!Array.isArray(body.messages) || body.messages.length === 0) {
          return sendReply(
            response,
            errorReply(
              "bad-request",
              400,
              "A conversation must start with a user message. Try again with a conversation that starts with a user message.",
            ),
          );
        }
        const rendered = render(planChatReply(toPlannerBody(route.model, body)), exchange.contentFilter);
        if (route.stream) {
          return writeFrames(
            exchange,
            { "content-type": "application/vnd.amazon.eventstream", "x-amzn-requestid": "fake-request-id" },
            streamFrames(rendered),
          );
        }
        sendReply(response, {
          status: 200,
          body: {
            output: { message: { role: "assistant", content: rendered.content } },
            stopReason: rendered.stopReason,
            usage: rendered.usage,
            metrics: { latencyMs: 42 },
          },
          headers: { "x-amzn-requestid": "fake-request-id" },
        });
      },
    },
    options,
  );
}
