import { type StreamSummary, UpstreamError } from "@switchyard/providers";
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import type { FastifyRequest } from "fastify";
import { type ChatStreamStep, StepIterator } from "../../pipeline/chat-stream";
import { CompletionAssembler } from "../cache/assemble";
import { completionChunks } from "../cache/replay";
import type { GovernedCall } from "../call";
import { filterReplyText } from "../guardrails/run";
import { StreamTextFilter } from "../guardrails/stream-filter";
import { GuardrailViolation } from "../guardrails/types";
import { ChunkTextFilter } from "./chunk-filter";

/**
 * A non-streamed reply on its way out: kept raw for the cache, then stage-post guardrails and
 * placeholder restores on each choice's text. A post-stage block throws (400 guardrail_violation).
 */
export function governCompletion(call: GovernedCall, completion: ChatCompletion): ChatCompletion {
  if (call.cacheKey !== undefined && !call.cacheHit) call.cacheValue = JSON.stringify(completion);
  if (call.replyFilters.length === 0) return completion;
  const run = call.guardrails;
  const choices = completion.choices.map((choice) => {
    const content = choice.message.content;
    if (typeof content !== "string" || content === "") return choice;
    return { ...choice, message: { ...choice.message, content: filterReplyText(call.replyFilters, content, run) } };
  });
  return { ...completion, choices };
}

/** What a refusal mid-stream repeats of the stream's first chunk. */
type FirstChunkFacts = Pick<ChatCompletionChunk, "id" | "created" | "model">;

function refusalEnd(violation: GuardrailViolation, first: FirstChunkFacts | undefined, call: GovernedCall): ChatStreamStep {
  const summary: StreamSummary = {
    id: first?.id ?? "chatcmpl-guardrail",
    created: first?.created ?? Math.floor(Date.now() / 1000),
    model: first?.model ?? "",
    usage: undefined,
    finishReasons: [],
    completed: false,
  };
  const completion = Math.ceil(call.streamedChars / 4);
  const usage: CompletionUsage = {
    prompt_tokens: call.promptEstimate,
    completion_tokens: completion,
    total_tokens: call.promptEstimate + completion,
  };
  // Rendered by every ingress like an upstream failure mid-stream: its own error event, then the end.
  const failure = new UpstreamError({
    kind: "content_filter",
    provider: "guardrail",
    message: violation.message,
    code: "guardrail_violation",
    param: null,
  });
  return { type: "end", end: { summary, usage, failure, clientClosed: false } };
}

/**
 * A streamed reply on its way out: time to first token, characters (to meter a cut-off stream),
 * the raw chunks assembled for the cache, and stage-post guardrails holding back a bounded tail so
 * entities split across chunks are still caught. A post-stage block ends the stream with an error
 * event (the status line already went out) and stops the upstream.
 */
export function governSteps(
  request: FastifyRequest,
  call: GovernedCall,
  steps: AsyncGenerator<ChatStreamStep>,
): AsyncGenerator<ChatStreamStep> {
  return new GovernedSteps(request, call, steps);
}

/** governSteps as a StepIterator (why not an async generator: see there). Read one step at a time. */
class GovernedSteps extends StepIterator {
  private readonly filter: ChunkTextFilter | undefined;
  private readonly assembler: CompletionAssembler | undefined;
  // Only the facts a refusal needs: the first chunk itself would stay alive for the whole stream.
  private first: FirstChunkFacts | undefined;
  /** The end step, held back while the filter's held-back tail goes out first. */
  private heldEnd: ChatStreamStep | undefined;
  /** A refusal went out: the next call closes the upstream and ends. */
  private refused = false;
  private done = false;

  constructor(
    private readonly request: FastifyRequest,
    private readonly call: GovernedCall,
    private readonly source: AsyncGenerator<ChatStreamStep>,
  ) {
    super();
    this.filter = call.replyFilters.length > 0 ? new ChunkTextFilter(new StreamTextFilter(call.replyFilters, call.guardrails)) : undefined;
    this.assembler = call.cacheKey !== undefined && !call.cacheHit ? new CompletionAssembler() : undefined;
  }

  async next(): Promise<IteratorResult<ChatStreamStep>> {
    if (this.done) return { done: true, value: undefined };
    if (this.refused) {
      await this.return();
      return { done: true, value: undefined };
    }
    const held = this.heldEnd;
    if (held) {
      this.heldEnd = undefined;
      return { done: false, value: this.end(held) };
    }
    try {
      for (;;) {
        const result = await this.source.next();
        if (result.done) {
          this.done = true;
          return result;
        }
        const step = this.step(result.value);
        if (step) return { done: false, value: step };
      }
    } catch (error) {
      // Like leaving a `for await` by a throw: the source is closed, the error goes on.
      this.done = true;
      await this.source.return(undefined).catch(() => {});
      throw error;
    }
  }

  async return(): Promise<IteratorResult<ChatStreamStep>> {
    this.done = true;
    this.heldEnd = undefined;
    await this.source.return(undefined);
    return { done: true, value: undefined };
  }

  /** One source step → what goes on now (undefined: nothing, read on). */
  private step(step: ChatStreamStep): ChatStreamStep | undefined {
    const { call, filter } = this;
    if (step.type === "chunks") {
      call.firstTokenAtMs ??= Date.now();
      const chunk = this.first === undefined ? step.chunks[0] : undefined;
      if (chunk) this.first = { id: chunk.id, created: chunk.created, model: chunk.model };
      for (const chunk of step.chunks) {
        this.assembler?.add(chunk);
        for (const choice of chunk.choices) if (typeof choice.delta.content === "string") call.streamedChars += choice.delta.content.length;
      }
      if (!filter) return step;
      let chunks: ChatCompletionChunk[];
      try {
        chunks = filter.filter(step.chunks);
      } catch (error) {
        return this.refusal(error);
      }
      return chunks.length > 0 ? { type: "chunks", chunks } : undefined;
    }
    if (filter && !step.end.clientClosed) {
      let rest: ChatCompletionChunk[];
      try {
        rest = filter.flush();
      } catch (error) {
        return this.refusal(error);
      }
      if (rest.length > 0) {
        this.heldEnd = step;
        return { type: "chunks", chunks: rest };
      }
    }
    return this.end(step);
  }

  private end(step: ChatStreamStep): ChatStreamStep {
    if (step.type === "end" && this.assembler && !step.end.failure && !step.end.clientClosed) {
      const completion = this.assembler.completion(step.end.summary.usage ?? step.end.usage);
      if (completion) this.call.cacheValue = JSON.stringify(completion);
    }
    return step;
  }

  /** A post-stage block: the refusal's end step now, the upstream closed on the next call. */
  private refusal(error: unknown): ChatStreamStep {
    if (!(error instanceof GuardrailViolation)) throw error;
    this.request.switchyard.errorCode = "guardrail_violation";
    this.refused = true;
    return refusalEnd(error, this.first, this.call);
  }
}

/** A cached completion as stream steps, ending like a provider's stream would. */
export async function* cachedSteps(completion: ChatCompletion): AsyncGenerator<ChatStreamStep> {
  yield { type: "chunks", chunks: completionChunks(completion, false) };
  const usage: CompletionUsage = completion.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const summary: StreamSummary = {
    id: completion.id,
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint ? { systemFingerprint: completion.system_fingerprint } : {}),
    usage,
    finishReasons: [],
    completed: true,
  };
  yield { type: "end", end: { summary, usage, failure: undefined, clientClosed: false } };
}
