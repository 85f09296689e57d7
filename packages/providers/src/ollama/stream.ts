import type { ChatCompletionChunk, ChatCompletionChunkChoice, CompletionUsage } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { tryParseJson } from "../shared/json";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { UpstreamError } from "../spec";
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
  const id = `chatcmpl-${context.requestId}`;
  let created = context.created;
  let model = context.target.model;
  let usage: CompletionUsage | undefined;
  let finishReason: FinishReason | undefined;
  let completed = false;
  let sentRole = false;
  let toolCount = 0;

  function chunk(delta: Delta, finish: string | null = null): StreamPart {
    if (!sentRole) {
      sentRole = true;
      delta = { role: "assistant", ...delta };
    }
    const value: ChatCompletionChunk = {
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    };
    return { type: "chunk", chunk: value };
  }

  function streamError(message: string, cause?: unknown): StreamPart {
    return {
      type: "error",
      error: new UpstreamError({ kind: "stream", provider: ollamaProvider, deploymentId: context.target.deploymentId, message, cause }),
    };
  }

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      const parsed = ollamaChatSchema.safeParse(tryParseJson(event.data));
      if (!parsed.success) return [streamError("unreadable stream line", parsed.error)];
      const line = parsed.data;
      if (line.error) return [{ type: "error", error: mapOllamaStreamError(line.error, context) }];
      if (!sentRole) {
        created = ollamaCreated(line.created_at, created);
        if (line.model) model = line.model;
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
      if (Object.keys(delta).length > 0 || !sentRole) parts.push(chunk(Object.keys(delta).length > 0 ? delta : { content: "" }));
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
      return { id, created, model, usage, finishReasons: finishReason ? [finishReason] : [], completed };
    },
  };
}
