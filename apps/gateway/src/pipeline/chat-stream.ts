import { type CallContext, createFrameDecoder, type StreamPart, type StreamSummary, type UpstreamError } from "@switchyard/providers";
import type { ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import type { FastifyBaseLogger as Logger } from "fastify";
import type { RuntimeDeployment } from "../config/runtime";
import type { RequestState } from "../state";
import type { UpstreamBody } from "../upstream/send";
import { ClientClosedError, mapTransportError } from "../upstream/transport-errors";
import type { Cancel } from "./client-abort";

export interface ChatStreamOptions {
  readonly deployment: RuntimeDeployment;
  readonly context: CallContext;
  /** Rough prompt size, for a usage estimate when the upstream reports none. */
  readonly promptChars: number;
  readonly signal: Cancel;
  readonly state: RequestState;
  readonly logger: Logger;
}

/** How an upstream stream ended, for the route to close its own wire format. */
export interface ChatStreamEnd {
  readonly summary: StreamSummary;
  /** The provider's count, else an estimate from characters (metering needs a number either way). */
  readonly usage: CompletionUsage;
  /** The upstream failed mid-stream (cut, timeout, error event): end with an error event. */
  readonly failure: UpstreamError | undefined;
  /** The client went away: there is nobody to answer. */
  readonly clientClosed: boolean;
}

/** `chunks` holds what one upstream network read gave, so a route writes once per read. */
export type ChatStreamStep =
  | { readonly type: "chunks"; readonly chunks: ChatCompletionChunk[] }
  | { readonly type: "end"; readonly end: ChatStreamEnd };

function estimateTokens(chars: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.ceil(chars / 4));
}

/**
 * Upstream stream bytes → OpenAI chunks, whatever the provider: frames decoded by the adapter's
 * framing, chunks by its transformer. Every ingress (OpenAI SSE, Anthropic events) renders these
 * steps in its own format. The last step is always `end`; leaving the loop early (client gone)
 * stops the upstream.
 */
export async function* translateChatStream(body: UpstreamBody, options: ChatStreamOptions): AsyncGenerator<ChatStreamStep> {
  const { deployment, context } = options;
  const decoder = createFrameDecoder(deployment.adapter.streamFraming);
  const transformer = deployment.adapter.chat.createStreamTransformer(context);
  let completionChars = 0;
  let failure: UpstreamError | undefined;
  let clientClosed = false;

  const collect = (parts: StreamPart[], into: ChatCompletionChunk[]): void => {
    for (const part of parts) {
      if (part.type === "error") {
        failure ??= part.error;
        return;
      }
      for (const choice of part.chunk.choices) {
        const content = choice.delta.content;
        if (typeof content === "string") completionChars += content.length;
      }
      into.push(part.chunk);
    }
  };

  try {
    for await (const bytes of body) {
      const chunks: ChatCompletionChunk[] = [];
      for (const event of decoder.push(bytes as Buffer)) {
        collect(transformer.transform(event), chunks);
        if (failure) break;
      }
      if (chunks.length > 0) yield { type: "chunks", chunks };
      if (failure) break;
    }
    if (!failure) {
      const chunks: ChatCompletionChunk[] = [];
      for (const event of decoder.end()) collect(transformer.transform(event), chunks);
      if (!failure) collect(transformer.flush(), chunks);
      if (chunks.length > 0) yield { type: "chunks", chunks };
    }
  } catch (error) {
    const mapped = mapTransportError(error, deployment, options.signal);
    if (mapped instanceof ClientClosedError) clientClosed = true;
    else failure = mapped as UpstreamError;
  } finally {
    // Stops the upstream when we leave early (client gone, error); a no-op after a full read.
    body.destroy();
  }

  const summary = transformer.summary();
  const promptTokens = estimateTokens(options.promptChars);
  const completionTokens = estimateTokens(completionChars);
  const usage: CompletionUsage = summary.usage ?? {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
  options.state.usage = usage;
  options.state.responseModel = summary.model || undefined;
  options.state.finishReasons = summary.finishReasons.map((reason) => reason.unified);

  if (failure) {
    options.state.errorCode = failure.code ?? failure.kind;
    options.logger.warn(
      {
        requestId: context.requestId,
        deployment: deployment.id,
        kind: failure.kind,
        status: failure.status,
        upstreamBody: failure.body?.slice(0, 500),
      },
      `upstream stream failed: ${failure.message}`,
    );
  }
  yield { type: "end", end: { summary, usage, failure, clientClosed } };
}
