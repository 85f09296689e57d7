import {
  type CallContext,
  type ChatStreamTransformer,
  createFrameDecoder,
  type FrameDecoder,
  type StreamPart,
  type StreamSummary,
  type UpstreamError,
} from "@switchyard/providers";
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
 * The next bytes of an upstream body; null once it ended. Rejects with the body's error (a reset, a
 * timeout, the abort when the client left), or a premature-close error when it was destroyed
 * without one. Not `for await`: Node's async iterator over a Readable keeps a generator, its
 * end-of-stream tracking and five listeners alive for the stream's whole life (~1.5 KB); this
 * listens only while it waits, so the body needs an 'error' listener of its own (an error while
 * nobody waits would otherwise be thrown): see `ignoreErrorEvent`.
 */
export function nextBytes(body: UpstreamBody): Promise<Buffer | null> {
  if (body.errored) return Promise.reject(body.errored);
  const ready = body.read() as Buffer | null;
  if (ready !== null) return Promise.resolve(ready);
  if (body.readableEnded) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const check = (): void => {
      let settle: () => void;
      if (body.errored) {
        const error = body.errored;
        settle = () => reject(error);
      } else {
        const bytes = body.read() as Buffer | null;
        if (bytes !== null) settle = () => resolve(bytes);
        else if (body.readableEnded) settle = () => resolve(null);
        else if (body.destroyed) settle = () => reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
        else return;
      }
      body.off("readable", check).off("end", check).off("error", check).off("close", check);
      settle();
    };
    body.on("readable", check).on("end", check).on("error", check).on("close", check);
  });
}

/** The body's errors are read from `body.errored` by `nextBytes`; the event must still have a listener. */
function ignoreErrorEvent(): void {}

/**
 * The layers of a stream (translation, governance, the resumed start) are plain async iterators
 * rather than async generators: each lives as long as the stream, nearly always waiting, and a
 * generator's frame keeps what its loop last held (the last network read, the last event's text)
 * besides its own request queue and promise, about 1.5 KB per layer per open stream. This gives
 * them the rest of AsyncGenerator.
 */
export abstract class StepIterator implements AsyncGenerator<ChatStreamStep> {
  abstract next(): Promise<IteratorResult<ChatStreamStep>>;
  /** Leaving early: stops whatever feeds this layer. */
  abstract return(): Promise<IteratorResult<ChatStreamStep>>;

  async throw(error: unknown): Promise<IteratorResult<ChatStreamStep>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}

/**
 * Upstream stream bytes → OpenAI chunks, whatever the provider: frames decoded by the adapter's
 * framing, chunks by its transformer. Every ingress (OpenAI SSE, Anthropic events) renders these
 * steps in its own format. The last step is always `end`; leaving early (`return()`: client gone)
 * stops the upstream. Read one step at a time (`next()` after the previous one settled).
 */
export function translateChatStream(body: UpstreamBody, options: ChatStreamOptions): AsyncGenerator<ChatStreamStep> {
  return new TranslatedChatStream(body, options);
}

/** translateChatStream as a StepIterator (why not an async generator: see there). */
class TranslatedChatStream extends StepIterator {
  private readonly decoder: FrameDecoder;
  private readonly transformer: ChatStreamTransformer;
  private completionChars = 0;
  private failure: UpstreamError | undefined;
  private clientClosed = false;
  /** No more upstream reads: the body ended, failed, or the client left. */
  private drained = false;
  /** The end step went out, or the consumer left: nothing more to give. */
  private finished = false;

  constructor(
    private readonly body: UpstreamBody,
    private readonly options: ChatStreamOptions,
  ) {
    super();
    // The upstream may fail or be aborted (client gone) while nobody waits for bytes (a slow client).
    body.on("error", ignoreErrorEvent);
    this.decoder = createFrameDecoder(options.deployment.adapter.streamFraming);
    this.transformer = options.deployment.adapter.chat.createStreamTransformer(options.context);
  }

  async next(): Promise<IteratorResult<ChatStreamStep>> {
    while (!this.drained && !this.finished) {
      let chunks: ChatCompletionChunk[];
      try {
        const bytes = await nextBytes(this.body);
        chunks = bytes === null ? this.tail() : this.translate(bytes);
        if (bytes === null || this.failure) this.drain();
      } catch (error) {
        const mapped = mapTransportError(error, this.options.deployment, this.options.signal);
        if (mapped instanceof ClientClosedError) this.clientClosed = true;
        else this.failure = mapped as UpstreamError;
        this.drain();
        break;
      }
      // Left while this read was pending: the consumer no longer listens.
      if (this.finished) break;
      if (chunks.length > 0) return { done: false, value: { type: "chunks", chunks } };
    }
    if (this.finished) return { done: true, value: undefined };
    this.finished = true;
    return { done: false, value: { type: "end", end: this.end() } };
  }

  /** Leaving early (client gone, error): stops the upstream; a no-op after the end. */
  async return(): Promise<IteratorResult<ChatStreamStep>> {
    this.finished = true;
    this.drain();
    return { done: true, value: undefined };
  }

  /** One network read → the chunks it completed (stops at the first error event). */
  private translate(bytes: Buffer): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    for (const event of this.decoder.push(bytes)) {
      this.collect(this.transformer.transform(event), chunks);
      if (this.failure) break;
    }
    return chunks;
  }

  /** The body ended: whatever the decoder and the transformer still hold. */
  private tail(): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    for (const event of this.decoder.end()) this.collect(this.transformer.transform(event), chunks);
    if (!this.failure) this.collect(this.transformer.flush(), chunks);
    return chunks;
  }

  private collect(parts: StreamPart[], into: ChatCompletionChunk[]): void {
    for (const part of parts) {
      if (part.type === "error") {
        this.failure ??= part.error;
        return;
      }
      for (const choice of part.chunk.choices) {
        const content = choice.delta.content;
        if (typeof content === "string") this.completionChars += content.length;
      }
      into.push(part.chunk);
    }
  }

  /** No more reads: stops the upstream when we leave early (client gone, error); a no-op after a full read. */
  private drain(): void {
    if (this.drained) return;
    this.drained = true;
    this.body.destroy();
  }

  private end(): ChatStreamEnd {
    const { options, failure } = this;
    const { deployment, context } = options;
    const summary = this.transformer.summary();
    const promptTokens = estimateTokens(options.promptChars);
    const completionTokens = estimateTokens(this.completionChars);
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
    return { summary, usage, failure, clientClosed: this.clientClosed };
  }
}
