import type { ChatCompletionChunkChoice, CompletionUsage } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { tryParseJson } from "../shared/json";
import { SingleChoiceChunks } from "../shared/single-choice-chunks";
import { streamErrorPart } from "../shared/upstream-error";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { mapOllamaStreamError } from "./errors";
import { ollamaCreated, ollamaFinishReason, ollamaUsage } from "./finish-reason";
import { ollamaProvider } from "./request";
import { ollamaToolCall } from "./response";
import { ollamaChatSchema } from "./wire";

type Delta = ChatCompletionChunkChoice["delta"];

/**
 * /api/chat NDJSON (one JSON object per line) → OpenAI chunks. Content and thinking arrive in
 * pieces; tool calls arrive whole in one line; the last line has `done: true`, the done_reason
 * and the token counts. An `{"error": ...}` line is an error part.
 */
export function createOllamaStreamTransformer(context: CallContext): ChatStreamTransformer {
  const chunks = new SingleChoiceChunks(context);
  const chunk = (delta: Delta, finish: string | null = null) => chunks.part(delta, finish);
  const streamError = (message: string, cause?: unknown) => streamErrorPart(ollamaProvider, context, message, cause);
  let usage: CompletionUsage | undefined;
  let finishReason: FinishReason | undefined;
  let completed = false;
  let toolCount = 0;

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      const parsed = ollamaChatSchema.safeParse(tryParseJson(event.data));
      if (!parsed.success) return [streamError("unreadable stream line", parsed.error)];
      const line = parsed.data;
      if (line.error) return [{ type: "error", error: mapOllamaStreamError(line.error, context) }];
      if (!chunks.started) {
        chunks.created = ollamaCreated(line.created_at, chunks.created);
        if (line.model) chunks.model = line.model;
      }
      const parts: StreamPart[] = [];
      const delta: Delta = {};
      if (line.message?.content) delta.content = line.message.content;
      if (line.message?.thinking) delta.reasoning_content = line.message.thinking;
      const calls = (line.message?.tool_calls ?? []).map((call) => {
        const position = toolCount++;
        return { index: position, ...ollamaToolCall(call, context, position) };
      });
      if (calls.length > 0) delta.tool_calls = calls;
      if (Object.keys(delta).length > 0 || !chunks.started) parts.push(chunk(Object.keys(delta).length > 0 ? delta : { content: "" }));
      if (line.done) {
        completed = true;
        usage = ollamaUsage(line);
        finishReason = ollamaFinishReason(line.done_reason, toolCount > 0);
        parts.push(chunk({}, toOpenAIFinishReason(finishReason)));
      }
      return parts;
    },

    flush(): StreamPart[] {
      return completed ? [] : [streamError("upstream closed the stream before done: true")];
    },

    summary(): StreamSummary {
      return {
        id: chunks.id,
        created: chunks.created,
        model: chunks.model,
        usage,
        finishReasons: finishReason ? [finishReason] : [],
        completed,
      };
    },
  };
}
