import type { ChatCompletionRequest, EmbeddingsRequest } from "@switchyard/schemas";
import { request as undiciRequest } from "undici";
import { createFrameDecoder } from "../../src/framing";
import type { CallContext, ChatResult, ProviderAdapter, StreamPart, StreamSummary, UpstreamRequest } from "../../src/spec";
import { UpstreamError } from "../../src/spec";

/**
 * What the gateway does around an adapter, reduced to the minimum: send the UpstreamRequest the
 * adapter built over real HTTP, then feed the reply (JSON, error or stream bytes) back through it.
 */

// The providers package's shared test context (requestId "req_test", created 1_700_000_000, apiKey "sk-test-key").
export { callContext } from "../helpers";

export interface SentReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string> };
}

export async function send(upstream: UpstreamRequest): Promise<SentReply> {
  const reply = await undiciRequest(upstream.url, { method: upstream.method, headers: upstream.headers, body: upstream.body });
  return { status: reply.statusCode, headers: reply.headers, body: reply.body };
}

/** Non-2xx → the adapter's UpstreamError (returned, not thrown, so tests can inspect it). */
export async function callChat(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  context: CallContext,
): Promise<ChatResult | UpstreamError> {
  const reply = await send(await adapter.chat.buildRequest(request, context));
  const text = await reply.body.text();
  if (reply.status >= 400) return adapter.mapError({ status: reply.status, headers: reply.headers, body: text }, context);
  return adapter.chat.parseResponse(JSON.parse(text), context);
}

export async function callEmbeddings(adapter: ProviderAdapter, request: EmbeddingsRequest, context: CallContext) {
  if (!adapter.embeddings) throw new Error(`${adapter.name} has no embeddings`);
  const reply = await send(await adapter.embeddings.buildRequest(request, context));
  const text = await reply.body.text();
  if (reply.status >= 400) return adapter.mapError({ status: reply.status, headers: reply.headers, body: text }, context);
  return adapter.embeddings.parseResponse(JSON.parse(text), context);
}

export interface StreamOutcome {
  parts: StreamPart[];
  summary: StreamSummary;
  /** The transport failed (socket cut) before the body ended. */
  transportError: unknown;
}

/** Decode the stream with the adapter's framing and transformer, the way the gateway does, to the end. */
export async function streamChat(
  adapter: ProviderAdapter,
  request: ChatCompletionRequest,
  context: CallContext,
): Promise<StreamOutcome | UpstreamError> {
  const reply = await send(await adapter.chat.buildRequest(request, context));
  if (reply.status >= 400)
    return adapter.mapError({ status: reply.status, headers: reply.headers, body: await reply.body.text() }, context);
  const decoder = createFrameDecoder(adapter.streamFraming);
  const transformer = adapter.chat.createStreamTransformer(context);
  const parts: StreamPart[] = [];
  let transportError: unknown;
  try {
    for await (const bytes of reply.body) for (const event of decoder.push(bytes)) parts.push(...transformer.transform(event));
    for (const event of decoder.end()) parts.push(...transformer.transform(event));
  } catch (error) {
    transportError = error;
  }
  parts.push(...transformer.flush());
  return { parts, summary: transformer.summary(), transportError };
}

export function chunksOf(outcome: StreamOutcome) {
  return outcome.parts.flatMap((part) => (part.type === "chunk" ? [part.chunk] : []));
}

export function errorsOf(outcome: StreamOutcome): UpstreamError[] {
  return outcome.parts.flatMap((part) => (part.type === "error" ? [part.error] : []));
}

/** Concatenated text and tool-call arguments of a stream, as an OpenAI client would assemble them. */
export function assembled(outcome: StreamOutcome) {
  let content = "";
  const toolCalls: { id?: string; name?: string; arguments: string }[] = [];
  const finishReasons: (string | null | undefined)[] = [];
  for (const chunk of chunksOf(outcome)) {
    for (const choice of chunk.choices) {
      content += choice.delta.content ?? "";
      for (const call of choice.delta.tool_calls ?? []) {
        const entry = toolCalls[call.index] ?? { arguments: "" };
        if (call.id) entry.id = call.id;
        if (call.function?.name) entry.name = call.function.name;
        entry.arguments += call.function?.arguments ?? "";
        toolCalls[call.index] = entry;
      }
      if (choice.finish_reason) finishReasons.push(choice.finish_reason);
    }
  }
  return { content, toolCalls, finishReasons };
}

export function expectResult(value: ChatResult | UpstreamError): ChatResult {
  if (value instanceof UpstreamError) throw new Error(`expected a reply, got UpstreamError ${value.kind}: ${value.message}`);
  return value;
}

export function expectStream(value: StreamOutcome | UpstreamError): StreamOutcome {
  if (value instanceof UpstreamError) throw new Error(`expected a stream, got UpstreamError ${value.kind}: ${value.message}`);
  return value;
}

export function expectError(value: unknown): UpstreamError {
  if (!(value instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${JSON.stringify(value)}`);
  return value;
}

/** A 1×1 transparent PNG, as a data URL and as bare base64. */
export const pixelBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
export const pixelDataUrl = `data:image/png;base64,${pixelBase64}`;
