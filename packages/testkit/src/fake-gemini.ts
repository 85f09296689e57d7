import type { PlannedReply } from "./fake-openai-replies";
import { embeddingFor, planChatReply, streamPieces } from "./fake-openai-replies";
import type {
  FakeErrorCause,
  FakeExchange,
  FakeProviderOptions,
  FakeProviderServer,
  FakeReply,
  FakeRoute,
  Json,
} from "./fake-provider-server";
import { isJsonObject, sendReply, stableId, startFakeProviderServer, writeFrames } from "./fake-provider-server";

/**
 * A fake Gemini API (https://ai.google.dev/api/generate-content) on loopback:
 * `POST /v1beta/models/{model}:generateContent`, `:streamGenerateContent` (`?alt=sse` for SSE,
 * otherwise a JSON array as the real API does), `:batchEmbedContents` and `:embedContent`;
 * `x-goog-api-key` (or `?key=`) auth; functionCall parts, candidateCount, JSON mode;
 * safety blocks (promptFeedback.blockReason) for content-filter; google.rpc.Status errors
 * with RetryInfo on 429. `url` is the apiBase, as Google's SDKs call it.
 */

const statusNames: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export function geminiError(code: number, message: string, details?: Json[]): Json {
  const error: Json = { code, message, status: statusNames[code] ?? (code >= 500 ? "INTERNAL" : "INVALID_ARGUMENT") };
  if (details) error.details = details;
  return { error };
}

function errorReply(cause: FakeErrorCause, status: number, message?: string, retryAfterSeconds?: number): FakeReply {
  switch (cause) {
    case "rate-limit":
      return {
        status: 429,
        body: geminiError(429, "You exceeded your current quota, please check your plan and billing details.", [
          {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            violations: [
              {
                quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
              },
            ],
          },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: `${retryAfterSeconds ?? 1}s` },
        ]),
      };
    case "context-length":
      return {
        status: 400,
        body: geminiError(400, "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
      };
    case "auth":
      return {
        status: 400,
        body: geminiError(400, "API key not valid. Please pass a valid API key.", [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
        ]),
      };
    default: {
      const defaults: Readonly<Record<number, string>> = {
        500: "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
        503: "The model is overloaded. Please try again later.",
      };
      return { status, body: geminiError(status, message ?? defaults[status] ?? `Request failed (${status})`) };
    }
  }
}

const routePattern = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|embedContent)$/;

function partsOf(content: unknown): Json[] {
  return isJsonObject(content) && Array.isArray(content.parts) ? content.parts.filter(isJsonObject) : [];
}

function lowerTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerTypes);
  if (!isJsonObject(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === "type" && typeof value === "string" ? value.toLowerCase() : lowerTypes(value),
    ]),
  );
}

/** The Gemini request as the OpenAI-shaped body the shared planner reads. */
function toPlannerBody(model: string, body: Json): Json {
  const messages: Json[] = [];
  let callCount = 0;
  for (const content of Array.isArray(body.contents) ? body.contents.filter(isJsonObject) : []) {
    const parts: Json[] = [];
    const toolCalls: Json[] = [];
    for (const part of partsOf(content)) {
      if (typeof part.text === "string") parts.push({ type: "text", text: part.text });
      else if (part.inlineData || part.fileData) parts.push({ type: "image_url", image_url: { url: "image" } });
      else if (isJsonObject(part.functionCall)) {
        toolCalls.push({
          id: `call_${callCount++}`,
          type: "function",
          function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
        });
      } else if (isJsonObject(part.functionResponse))
        messages.push({ role: "tool", content: JSON.stringify(part.functionResponse.response) });
    }
    if (parts.length > 0 || toolCalls.length > 0)
      messages.push({ role: content.role === "model" ? "assistant" : "user", content: parts, tool_calls: toolCalls });
  }
  const declarations = (Array.isArray(body.tools) ? body.tools.filter(isJsonObject) : []).flatMap((tool) =>
    Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations.filter(isJsonObject) : [],
  );
  const tools = declarations.map((declaration) => ({
    type: "function",
    function: { name: declaration.name, parameters: lowerTypes(declaration.parameters) },
  }));
  const calling =
    isJsonObject(body.toolConfig) && isJsonObject(body.toolConfig.functionCallingConfig)
      ? body.toolConfig.functionCallingConfig
      : undefined;
  const allowed = Array.isArray(calling?.allowedFunctionNames) ? calling.allowedFunctionNames : [];
  let toolChoice: unknown;
  if (calling?.mode === "NONE") toolChoice = "none";
  else if (calling?.mode === "ANY") toolChoice = allowed.length === 1 ? { type: "function", function: { name: allowed[0] } } : "required";
  const config = isJsonObject(body.generationConfig) ? body.generationConfig : {};
  let responseFormat: unknown;
  if (config.responseMimeType === "application/json") {
    responseFormat = config.responseSchema
      ? { type: "json_schema", json_schema: { name: "response", schema: lowerTypes(config.responseSchema) } }
      : { type: "json_object" };
  }
  return {
    model,
    messages,
    tools,
    tool_choice: toolChoice,
    response_format: responseFormat,
    stop: config.stopSequences,
    max_tokens: config.maxOutputTokens,
    n: config.candidateCount,
  };
}

function usageMetadata(reply: PlannedReply): Json {
  return {
    promptTokenCount: reply.promptTokens,
    candidatesTokenCount: reply.completionTokens,
    totalTokenCount: reply.promptTokens + reply.completionTokens,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: reply.promptTokens }],
  };
}

function finishReasonOf(reason: string): string {
  return reason === "length" ? "MAX_TOKENS" : "STOP";
}

function functionCallPart(call: { name: string; arguments: string }): Json {
  return { functionCall: { name: call.name, args: JSON.parse(call.arguments) } };
}

function render(model: string, body: Json, reply: PlannedReply): Json {
  const candidates = reply.choices.map((choice, index) => {
    const parts: Json[] = [];
    if (choice.content) parts.push({ text: choice.content });
    for (const call of choice.toolCalls) parts.push(functionCallPart(call));
    return { content: { parts, role: "model" }, finishReason: finishReasonOf(choice.finishReason), index };
  });
  return {
    candidates,
    usageMetadata: usageMetadata(reply),
    modelVersion: model,
    responseId: stableId("", JSON.stringify(body.contents), 22),
  };
}

function blocked(model: string, reply: PlannedReply): Json {
  return {
    promptFeedback: { blockReason: "SAFETY", safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH" }] },
    usageMetadata: { promptTokenCount: reply.promptTokens, totalTokenCount: reply.promptTokens },
    modelVersion: model,
  };
}

/** The stream as Gemini sends it: text in pieces, a functionCall whole, finishReason and full usage on the last event. */
function streamEvents(model: string, body: Json, reply: PlannedReply, contentFilter: boolean): Json[] {
  if (contentFilter) return [blocked(model, reply)];
  const full = render(model, body, reply);
  const events: Json[] = [];
  const base = { modelVersion: model, responseId: full.responseId };
  reply.choices.forEach((choice, index) => {
    const pieces = streamPieces(choice.content ?? "");
    pieces.forEach((text, position) => {
      const last = position === pieces.length - 1 && choice.toolCalls.length === 0;
      const candidate: Json = { content: { parts: [{ text }], role: "model" }, index };
      if (last) candidate.finishReason = finishReasonOf(choice.finishReason);
      events.push({
        candidates: [candidate],
        usageMetadata: last ? usageMetadata(reply) : { promptTokenCount: reply.promptTokens },
        ...base,
      });
    });
    if (choice.toolCalls.length > 0) {
      const parts = choice.toolCalls.map(functionCallPart);
      events.push({
        candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index }],
        usageMetadata: usageMetadata(reply),
        ...base,
      });
    }
  });
  return events;
}

function embedValues(model: string, request: Json): number[] {
  const text = partsOf(request.content)
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .join(" ");
  const dimensions = typeof request.outputDimensionality === "number" ? request.outputDimensionality : 8;
  return embeddingFor(`${model}:${text}`, dimensions);
}

export type FakeGemini = FakeProviderServer;

export function startFakeGemini(options: FakeProviderOptions = {}): Promise<FakeGemini> {
  return startFakeProviderServer(
    {
      route(method, url): FakeRoute | undefined {
        const match = routePattern.exec(url.pathname);
        if (method !== "POST" || !match?.[1] || !match[2]) return undefined;
        const action = match[2];
        const endpoint = action.endsWith("EmbedContents") || action === "embedContent" ? "embeddings" : "chat";
        return { endpoint, model: decodeURIComponent(match[1]), stream: action === "streamGenerateContent" };
      },
      authorised: (request, url, apiKey) => request.headers["x-goog-api-key"] === apiKey || url.searchParams.get("key") === apiKey,
      errorReply,
      async handle(exchange: FakeExchange) {
        const { body, response, route, url } = exchange;
        const action = url.pathname.slice(url.pathname.lastIndexOf(":") + 1);
        if (action === "batchEmbedContents") {
          const requests = Array.isArray(body.requests) ? body.requests.filter(isJsonObject) : [];
          if (requests.length === 0)
            return sendReply(response, errorReply("bad-request", 400, "* BatchEmbedContentsRequest.requests: requests must not be empty"));
          return sendReply(response, {
            status: 200,
            body: { embeddings: requests.map((request) => ({ values: embedValues(route.model, request) })) },
          });
        }
        if (action === "embedContent")
          return sendReply(response, { status: 200, body: { embedding: { values: embedValues(route.model, body) } } });
        if (!Array.isArray(body.contents) || body.contents.length === 0) {
          return sendReply(response, errorReply("bad-request", 400, "* GenerateContentRequest.contents: contents is not specified"));
        }
        const reply = planChatReply(toPlannerBody(route.model, body));
        if (route.stream) {
          const events = streamEvents(route.model, body, reply, exchange.contentFilter);
          if (url.searchParams.get("alt") === "sse") {
            const headers = { "content-type": "text/event-stream", "x-goog-api-client": "fake" };
            return writeFrames(
              exchange,
              headers,
              events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`),
            );
          }
          return writeFrames(
            exchange,
            { "content-type": "application/json" },
            events.map((event, index) => `${index === 0 ? "[" : ",\r\n"}${JSON.stringify(event)}`),
            "]",
          );
        }
        sendReply(response, { status: 200, body: exchange.contentFilter ? blocked(route.model, reply) : render(route.model, body, reply) });
      },
    },
    options,
  );
}
