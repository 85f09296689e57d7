import type { ChatCompletionChunk, CompletionUsage } from "@switchyard/schemas";
import { openAIStyleFinishReason, toOpenAIFinishReason } from "../shared/finish-reason";
import { isObject, numberOr, stringOr } from "../shared/json";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { UpstreamError } from "../spec";
import { mapOpenAIStyleErrorBody } from "./errors";

const openAIFinishWords = new Set(["stop", "length", "tool_calls", "content_filter", "function_call"]);

function readUsage(chunk: Record<string, unknown>): CompletionUsage | undefined {
  if (isObject(chunk.usage) && typeof chunk.usage.prompt_tokens === "number") return chunk.usage as CompletionUsage;
  // Groq reports stream usage under x_groq.
  const groq = chunk.x_groq;
  if (isObject(groq) && isObject(groq.usage) && typeof groq.usage.prompt_tokens === "number") return groq.usage as CompletionUsage;
  return undefined;
}

/**
 * OpenAI-style SSE events → OpenAI chunks. Chunks pass through nearly untouched (vendor fields
 * such as DeepSeek's `reasoning_content` survive); usage is lifted into the summary, usage-only
 * and empty chunks (Azure's prompt_filter_results) are dropped, finish reasons are normalised.
 */
export function createOpenAIStyleStreamTransformer(context: CallContext, provider: string): ChatStreamTransformer {
  let id = `chatcmpl-${context.requestId}`;
  let created = context.created;
  let model = context.target.model;
  let systemFingerprint: string | undefined;
  let usage: CompletionUsage | undefined;
  let done = false;
  let sawFinish = false;
  let sawChunk = false;
  const finishReasons: FinishReason[] = [];

  function streamError(message: string, cause?: unknown): StreamPart {
    return {
      type: "error",
      error: new UpstreamError({ kind: "stream", provider, deploymentId: context.target.deploymentId, message, cause }),
    };
  }

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      const data = event.data;
      if (data === "[DONE]") {
        done = true;
        return [];
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch (error) {
        return [streamError("unreadable stream event", error)];
      }
      if (!isObject(parsed)) return [streamError("unreadable stream event")];
      if (isObject(parsed.error)) return [{ type: "error", error: mapOpenAIStyleErrorBody(parsed, undefined, context, provider) }];

      const chunkUsage = readUsage(parsed);
      if (chunkUsage) usage = chunkUsage;
      if (!sawChunk) {
        sawChunk = true;
        id = stringOr(parsed.id, id);
        created = numberOr(parsed.created, created);
        // Azure's first chunk can carry an empty model.
        if (typeof parsed.model === "string" && parsed.model !== "") model = parsed.model;
      }
      if (typeof parsed.system_fingerprint === "string") systemFingerprint = parsed.system_fingerprint;

      const choices = parsed.choices;
      if (!Array.isArray(choices) || choices.length === 0) return [];
      for (const choice of choices) {
        if (!isObject(choice)) return [streamError("chunk choice is not an object")];
        if (!isObject(choice.delta)) choice.delta = {};
        const raw = choice.finish_reason;
        if (typeof raw === "string") {
          const reason = openAIStyleFinishReason(raw);
          finishReasons[numberOr(choice.index, 0)] = reason;
          sawFinish = true;
          if (!openAIFinishWords.has(raw)) choice.finish_reason = toOpenAIFinishReason(reason);
        }
      }
      // Usage is reported once, at the end, by the gateway.
      if (parsed.usage !== undefined) delete parsed.usage;
      parsed.id = id;
      parsed.object = "chat.completion.chunk";
      parsed.created = created;
      if (typeof parsed.model !== "string" || parsed.model === "") parsed.model = model;
      return [{ type: "chunk", chunk: parsed as ChatCompletionChunk }];
    },

    flush(): StreamPart[] {
      // Some compatible servers end without [DONE]; a finish reason is proof enough of a full answer.
      if (done || sawFinish) return [];
      return [streamError("upstream closed the stream before it finished")];
    },

    summary(): StreamSummary {
      return { id, created, model, systemFingerprint, usage, finishReasons, completed: done || sawFinish };
    },
  };
}
