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
import { isJsonObject, sendReply, startFakeProviderServer, writeFrames } from "./fake-provider-server";

/**
 * A fake Ollama server (https://github.com/ollama/ollama/blob/main/docs/api.md) on loopback:
 * `POST /api/chat` (NDJSON stream by default, JSON with `stream: false`), `POST /api/embed`,
 * `GET /api/tags`. Images as base64 lists, tool calls with object arguments, `format`
 * ("json" or a JSON schema), `options.num_predict`/`stop`; errors are `{"error": "..."}`.
 * Ollama has no content filter: a queued content-filter failure is answered normally.
 * `url` is the server root, as Ollama clients call it.
 */

export function ollamaError(message: string): Json {
  return { error: message };
}

function errorReply(cause: FakeErrorCause, status: number, message?: string, retryAfterSeconds?: number): FakeReply {
  switch (cause) {
    case "rate-limit":
      return { status: 429, body: ollamaError("too many requests"), headers: { "retry-after": String(retryAfterSeconds ?? 1) } };
    case "context-length":
      return { status: 400, body: ollamaError("the input length exceeds the context length") };
    case "auth":
      return { status: 401, body: ollamaError("unauthorized") };
    default:
      if (status === 503)
        return { status, body: ollamaError(message ?? "server busy, please try again.  maximum pending requests exceeded") };
      return {
        status,
        body: ollamaError(message ?? (status >= 500 ? "llama runner process has terminated: exit status 2" : `request failed (${status})`)),
      };
  }
}

/** The Ollama request as the OpenAI-shaped body the shared planner reads. */
function toPlannerBody(body: Json): Json {
  let callCount = 0;
  const messages = (Array.isArray(body.messages) ? body.messages.filter(isJsonObject) : []).map((message) => {
    const parts: Json[] = [{ type: "text", text: typeof message.content === "string" ? message.content : "" }];
    const imageCount = Array.isArray(message.images) ? message.images.length : 0;
    for (let index = 0; index < imageCount; index++) parts.push({ type: "image_url", image_url: { url: "image" } });
    const toolCalls = (Array.isArray(message.tool_calls) ? message.tool_calls.filter(isJsonObject) : []).map((call) => {
      const fn = isJsonObject(call.function) ? call.function : {};
      return { id: `call_${callCount++}`, type: "function", function: { name: fn.name, arguments: JSON.stringify(fn.arguments ?? {}) } };
    });
    return { role: message.role, content: parts, tool_calls: toolCalls };
  });
  const options = isJsonObject(body.options) ? body.options : {};
  let responseFormat: unknown;
  if (body.format === "json") responseFormat = { type: "json_object" };
  else if (isJsonObject(body.format)) responseFormat = { type: "json_schema", json_schema: { name: "format", schema: body.format } };
  return {
    model: body.model,
    messages,
    tools: body.tools,
    response_format: responseFormat,
    stop: options.stop,
    max_tokens: options.num_predict,
  };
}

const createdAt = "2025-06-15T12:34:56.123456789Z";

function finalLine(model: string, reply: PlannedReply, doneReason: string): Json {
  return {
    model,
    created_at: createdAt,
    message: { role: "assistant", content: "" },
    done: true,
    done_reason: doneReason,
    total_duration: 4_883_583_458,
    load_duration: 1_334_875,
    prompt_eval_count: reply.promptTokens,
    prompt_eval_duration: 342_546_000,
    eval_count: reply.completionTokens,
    eval_duration: 4_535_599_000,
  };
}

function toolCallsOf(reply: PlannedReply): Json[] {
  return (reply.choices[0]?.toolCalls ?? []).map((call, index) => ({
    function: { index, name: call.name, arguments: JSON.parse(call.arguments) },
  }));
}

function doneReasonOf(reply: PlannedReply): string {
  return reply.choices[0]?.finishReason === "length" ? "length" : "stop";
}

function streamLines(model: string, reply: PlannedReply): string[] {
  const lines: Json[] = [];
  const choice = reply.choices[0];
  for (const piece of streamPieces(choice?.content ?? ""))
    lines.push({ model, created_at: createdAt, message: { role: "assistant", content: piece }, done: false });
  const toolCalls = toolCallsOf(reply);
  if (toolCalls.length > 0)
    lines.push({ model, created_at: createdAt, message: { role: "assistant", content: "", tool_calls: toolCalls }, done: false });
  lines.push(finalLine(model, reply, doneReasonOf(reply)));
  return lines.map((line) => `${JSON.stringify(line)}\n`);
}

export type FakeOllama = FakeProviderServer;

export function startFakeOllama(options: FakeProviderOptions & { models?: string[] } = {}): Promise<FakeOllama> {
  const models = options.models;
  return startFakeProviderServer(
    {
      route(method, url, body): FakeRoute | undefined {
        const model = typeof body?.model === "string" ? body.model : "";
        if (method === "POST" && url.pathname === "/api/chat") return { endpoint: "chat", model, stream: body?.stream !== false };
        if (method === "POST" && url.pathname === "/api/embed") return { endpoint: "embeddings", model, stream: false };
        if (method === "GET" && url.pathname === "/api/tags") return { endpoint: "models", model, stream: false };
        return undefined;
      },
      authorised: (request, _url, apiKey) => request.headers.authorization === `Bearer ${apiKey}`,
      errorReply,
      async handle(exchange: FakeExchange) {
        const { body, response, route } = exchange;
        if (route.endpoint === "models") {
          const tags = (models ?? []).map((name) => ({
            name,
            model: name,
            modified_at: createdAt,
            size: 4_661_224_676,
            digest: "0".repeat(64),
          }));
          return sendReply(response, { status: 200, body: { models: tags } });
        }
        if (models && !models.includes(route.model)) {
          return sendReply(response, { status: 404, body: ollamaError(`model "${route.model}" not found, try pulling it first`) });
        }
        if (route.endpoint === "embeddings") {
          const input = typeof body.input === "string" ? [body.input] : Array.isArray(body.input) ? body.input.map(String) : [];
          const dimensions = typeof body.dimensions === "number" ? body.dimensions : 8;
          const embeddings = input.map((text) => embeddingFor(`${route.model}:${text}`, dimensions));
          return sendReply(response, {
            status: 200,
            body: {
              model: route.model,
              embeddings,
              total_duration: 14_143_917,
              load_duration: 1_019_500,
              prompt_eval_count: input.length * 2,
            },
          });
        }
        const reply = planChatReply(toPlannerBody(body));
        if (route.stream) return writeFrames(exchange, { "content-type": "application/x-ndjson" }, streamLines(route.model, reply));
        const message: Json = { role: "assistant", content: reply.choices[0]?.content ?? "" };
        const toolCalls = toolCallsOf(reply);
        if (toolCalls.length > 0) message.tool_calls = toolCalls;
        sendReply(response, { status: 200, body: { ...finalLine(route.model, reply, doneReasonOf(reply)), message } });
      },
    },
    options,
  );
}
