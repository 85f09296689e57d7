import { type CallContext, createFrameDecoder, type StreamPart, type UpstreamError } from "@switchyard/providers";
import type { ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import type { FastifyBaseLogger as Logger } from "fastify";
import type { RuntimeDeployment } from "../config/runtime";
import type { RequestState } from "../state";
import type { UpstreamBody } from "../upstream/send";
import { ClientClosedError, mapTransportError } from "../upstream/transport-errors";

export interface SseOptions {
  readonly deployment: RuntimeDeployment;
  readonly context: CallContext;
  readonly includeUsage: boolean;
  /** Rough prompt size, for a usage estimate when the upstream reports none. */
  readonly promptChars: number;
  readonly signal: AbortSignal;
  readonly state: RequestState;
  readonly logger: Logger;
}

function estimateTokens(chars: number): number {
  return chars === 0 ? 0 : Math.max(1, Math.ceil(chars / 4));
}

function errorEvent(error: UpstreamError): string {
  return `data: ${JSON.stringify(error.toOpenAIError())}\n\n`;
}

/**
 * Upstream stream bytes → OpenAI SSE text: frames decoded by the adapter's framing, chunks by its
 * transformer, one write per upstream network chunk. Ends with the usage chunk (when asked for)
 * and `data: [DONE]`; an upstream failure mid-stream ends with an OpenAI error event instead.
 */
export async function* chatSseResponse(body: UpstreamBody, options: SseOptions): AsyncGenerator<string> {
  const { deployment, context } = options;
  const decoder = createFrameDecoder(deployment.adapter.streamFraming);
  const transformer = deployment.adapter.chat.createStreamTransformer(context);
  let completionChars = 0;
  let failure: UpstreamError | undefined;

  const render = (parts: StreamPart[], into: string[]): void => {
    for (const part of parts) {
      if (part.type === "error") {
        failure ??= part.error;
        return;
      }
      for (const choice of part.chunk.choices) {
        const content = choice.delta.content;
        if (typeof content === "string") completionChars += content.length;
      }
      into.push(`data: ${JSON.stringify(part.chunk)}\n\n`);
    }
  };

  try {
    for await (const bytes of body) {
      const out: string[] = [];
      for (const event of decoder.push(bytes as Buffer)) {
        render(transformer.transform(event), out);
        if (failure) break;
      }
      if (out.length > 0) yield out.length === 1 ? (out[0] ?? "") : out.join("");
      if (failure) break;
    }
    if (!failure) {
      const out: string[] = [];
      for (const event of decoder.end()) render(transformer.transform(event), out);
      if (!failure) render(transformer.flush(), out);
      if (out.length > 0) yield out.join("");
    }
  } catch (error) {
    const mapped = mapTransportError(error, deployment, options.signal);
    if (mapped instanceof ClientClosedError) return;
    failure = mapped as UpstreamError;
  } finally {
    // Stops the upstream when we leave early (client gone, error); a no-op after a full read.
    body.destroy();
  }

  const summary = transformer.summary();
  const usage: CompletionUsage = summary.usage ?? {
    prompt_tokens: estimateTokens(options.promptChars),
    completion_tokens: estimateTokens(completionChars),
    total_tokens: estimateTokens(options.promptChars) + estimateTokens(completionChars),
  };
  options.state.usage = usage;

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
    yield errorEvent(failure);
    return;
  }
  if (options.includeUsage) {
    const chunk: ChatCompletionChunk = {
      id: summary.id,
      object: "chat.completion.chunk",
      created: summary.created,
      model: summary.model,
      choices: [],
      usage,
    };
    if (summary.systemFingerprint) chunk.system_fingerprint = summary.systemFingerprint;
    yield `data: ${JSON.stringify(chunk)}\n\n`;
  }
  yield "data: [DONE]\n\n";
}
