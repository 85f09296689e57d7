import type { ChatCompletionChunk, ChatCompletionChunkChoice, ChunkToolCall, CompletionUsage } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { isObject, tryParseJson } from "../shared/json";
import { streamErrorPart } from "../shared/upstream-error";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { mapGeminiErrorBody } from "./errors";
import { geminiFinishReason, geminiUsage } from "./finish-reason";
import { geminiProvider } from "./request";
import { geminiToolCall, geminiToolCallId } from "./response";
import { geminiResponseSchema } from "./wire";

/**
 * streamGenerateContent?alt=sse → OpenAI chunks. Each SSE event is a whole
 * GenerateContentResponse holding the next piece of every candidate: text arrives in pieces,
 * a function call arrives whole (so it becomes one tool_call delta with its full arguments),
 * usageMetadata is cumulative (the last one wins), and the end is the event with a
 * finishReason: Gemini sends no separate terminator.
 */
export function createGeminiStreamTransformer(context: CallContext): ChatStreamTransformer {
  const id = `chatcmpl-${context.requestId}`;
  let model = context.target.model;
  let usage: CompletionUsage | undefined;
  let completed = false;
  const finishReasons: FinishReason[] = [];
  const sentRole = new Set<number>();
  const toolCounts = new Map<number, number>();
  const streamError = (message: string, cause?: unknown) => streamErrorPart(geminiProvider, context, message, cause);

  function chunk(choices: ChatCompletionChunkChoice[]): StreamPart {
    const value: ChatCompletionChunk = { id, object: "chat.completion.chunk", created: context.created, model, choices };
    return { type: "chunk", chunk: value };
  }

  function delta(index: number, fields: ChatCompletionChunkChoice["delta"]): ChatCompletionChunkChoice["delta"] {
    if (sentRole.has(index)) return fields;
    sentRole.add(index);
    return { role: "assistant", ...fields };
  }

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      const raw = tryParseJson(event.data);
      if (raw === undefined) return [streamError("unreadable stream event")];
      if (isObject(raw) && isObject(raw.error)) return [{ type: "error", error: mapGeminiErrorBody(raw, undefined, context) }];
      const parsed = geminiResponseSchema.safeParse(raw);
      if (!parsed.success) return [streamError("malformed stream event", parsed.error)];
      const response = parsed.data;
      if (response.modelVersion) model = response.modelVersion;
      usage = geminiUsage(response.usageMetadata) ?? usage;

      const choices: ChatCompletionChunkChoice[] = [];
      const candidates = response.candidates ?? [];
      candidates.forEach((candidate, position) => {
        const index = candidate.index ?? position;
        let text = "";
        let reasoning = "";
        const calls: ChunkToolCall[] = [];
        for (const part of candidate.content?.parts ?? []) {
          if (part.functionCall) {
            const toolIndex = toolCounts.get(index) ?? 0;
            toolCounts.set(index, toolIndex + 1);
            calls.push({ index: toolIndex, ...geminiToolCall(part, geminiToolCallId(part, context, index, toolIndex)) });
          } else if (part.thought) reasoning += part.text ?? "";
          else text += part.text ?? "";
        }
        const fields: ChatCompletionChunkChoice["delta"] = {};
        if (text !== "") fields.content = text;
        if (reasoning !== "") fields.reasoning_content = reasoning;
        if (calls.length > 0) fields.tool_calls = calls;
        let finish: string | null = null;
        if (candidate.finishReason) {
          const reason = geminiFinishReason(candidate.finishReason, (toolCounts.get(index) ?? 0) > 0);
          finishReasons[index] = reason;
          finish = toOpenAIFinishReason(reason);
          completed = true;
        }
        if (Object.keys(fields).length > 0 || finish !== null || !sentRole.has(index)) {
          choices.push({ index, delta: delta(index, fields), finish_reason: finish, logprobs: null });
        }
      });
      if (candidates.length === 0 && response.promptFeedback?.blockReason) {
        finishReasons[0] = { unified: "content_filter", raw: response.promptFeedback.blockReason };
        completed = true;
        choices.push({ index: 0, delta: delta(0, {}), finish_reason: "content_filter", logprobs: null });
      }
      return choices.length > 0 ? [chunk(choices)] : [];
    },

    flush(): StreamPart[] {
      return completed ? [] : [streamError("upstream closed the stream before a finishReason")];
    },

    summary(): StreamSummary {
      return { id, created: context.created, model, usage, finishReasons, completed };
    },
  };
}
