import { type StreamSummary, UpstreamError } from "@switchyard/providers";
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import type { FastifyRequest } from "fastify";
import type { ChatStreamStep } from "../../pipeline/chat-stream";
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
export async function* governSteps(
  request: FastifyRequest,
  call: GovernedCall,
  steps: AsyncGenerator<ChatStreamStep>,
): AsyncGenerator<ChatStreamStep> {
  const filter = call.replyFilters.length > 0 ? new ChunkTextFilter(new StreamTextFilter(call.replyFilters, call.guardrails)) : undefined;
  const assembler = call.cacheKey !== undefined && !call.cacheHit ? new CompletionAssembler() : undefined;
  // Only the facts a refusal needs: the first chunk itself would stay alive for the whole stream.
  let first: FirstChunkFacts | undefined;
  for await (const step of steps) {
    if (step.type === "chunks") {
      call.firstTokenAtMs ??= Date.now();
      const chunk = first === undefined ? step.chunks[0] : undefined;
      if (chunk) first = { id: chunk.id, created: chunk.created, model: chunk.model };
      for (const chunk of step.chunks) {
        assembler?.add(chunk);
        for (const choice of chunk.choices) if (typeof choice.delta.content === "string") call.streamedChars += choice.delta.content.length;
      }
      if (!filter) {
        yield step;
        continue;
      }
      let chunks: ChatCompletionChunk[];
      try {
        chunks = filter.filter(step.chunks);
      } catch (error) {
        if (!(error instanceof GuardrailViolation)) throw error;
        request.switchyard.errorCode = "guardrail_violation";
        yield refusalEnd(error, first, call);
        return;
      }
      if (chunks.length > 0) yield { type: "chunks", chunks };
      continue;
    }
    const { end } = step;
    if (filter && !end.clientClosed) {
      try {
        const rest = filter.flush();
        if (rest.length > 0) yield { type: "chunks", chunks: rest };
      } catch (error) {
        if (!(error instanceof GuardrailViolation)) throw error;
        request.switchyard.errorCode = "guardrail_violation";
        yield refusalEnd(error, first, call);
        return;
      }
    }
    if (assembler && !end.failure && !end.clientClosed) {
      const completion = assembler.completion(end.summary.usage ?? end.usage);
      if (completion) call.cacheValue = JSON.stringify(completion);
    }
    yield step;
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
