import type { ChatCompletionChunkChoice, CompletionUsage } from "@switchyard/schemas";
import type { AnthropicUsage } from "@switchyard/schemas/anthropic";
import { anthropicStreamEventSchema } from "@switchyard/schemas/anthropic";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { isObject, tryParseJson } from "../shared/json";
import { SingleChoiceChunks } from "../shared/single-choice-chunks";
import { streamErrorPart } from "../shared/upstream-error";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { mapAnthropicStreamError } from "./errors";
import { anthropicFinishReason, anthropicUsage } from "./finish-reason";
import { jsonOutputToolName } from "./json-output";
import { anthropicProvider } from "./request";

type Delta = ChatCompletionChunkChoice["delta"];

const knownEventTypes: ReadonlySet<string> = new Set(anthropicStreamEventSchema.options.map((option) => option.shape.type.value));

/** What a content block index means for the chunks it produces. */
type OpenBlock =
  | { kind: "text" }
  | { kind: "thinking" }
  | { kind: "json-output" }
  | { kind: "tool"; toolIndex: number }
  | { kind: "other" };

/**
 * Anthropic SSE (message_start, content_block_start/delta/stop, message_delta, message_stop,
 * ping, error) → OpenAI chunks. Text and tool-call argument deltas are forwarded as they
 * arrive; usage accumulates (input and cache counts from message_start, output from
 * message_delta) and is reported through `summary()`.
 */
export function createAnthropicStreamTransformer(context: CallContext): ChatStreamTransformer {
  const chunks = new SingleChoiceChunks(context);
  const chunk = (delta: Delta, finish: string | null = null) => chunks.part(delta, finish);
  const streamError = (message: string, cause?: unknown) => streamErrorPart(anthropicProvider, context, message, cause);
  let usage: AnthropicUsage | undefined;
  let finishReason: FinishReason | undefined;
  let answeredAsJson = false;
  let completed = false;
  let toolCount = 0;
  const blocks = new Map<number, OpenBlock>();

  function mergeUsage(next: AnthropicUsage | null | undefined): void {
    if (!next) return;
    // message_delta usage is cumulative; fields it leaves out keep their message_start value.
    const merged: AnthropicUsage = { ...usage };
    for (const key of ["input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens"] as const) {
      const value = next[key];
      if (typeof value === "number") merged[key] = value;
    }
    usage = merged;
  }

  function startBlock(
    index: number,
    block: { type: string; id?: string | null; name?: string | null; text?: string | null },
  ): StreamPart[] {
    if (block.type === "text") {
      blocks.set(index, { kind: "text" });
      return block.text ? [chunk({ content: block.text })] : [];
    }
    if (block.type === "thinking") {
      blocks.set(index, { kind: "thinking" });
      return [];
    }
    if (block.type === "tool_use" && block.name === jsonOutputToolName) {
      blocks.set(index, { kind: "json-output" });
      answeredAsJson = true;
      return [];
    }
    if (block.type === "tool_use") {
      const toolIndex = toolCount++;
      blocks.set(index, { kind: "tool", toolIndex });
      const call = {
        index: toolIndex,
        id: block.id ?? `call_${toolIndex}`,
        type: "function" as const,
        function: { name: block.name ?? "", arguments: "" },
      };
      return [chunk({ tool_calls: [call] })];
    }
    // Server tool results, redacted thinking, ...: nothing an OpenAI client can render.
    blocks.set(index, { kind: "other" });
    return [];
  }

  function blockDelta(
    index: number,
    delta: { type: string; text?: string | null; partial_json?: string | null; thinking?: string | null },
  ): StreamPart[] {
    const block = blocks.get(index);
    if (!block) return [streamError(`content_block_delta for unknown block ${index}`)];
    if (delta.type === "text_delta" && delta.text) return [chunk({ content: delta.text })];
    if (delta.type === "thinking_delta" && delta.thinking) return [chunk({ reasoning_content: delta.thinking })];
    if (delta.type === "input_json_delta" && delta.partial_json) {
      if (block.kind === "json-output") return [chunk({ content: delta.partial_json })];
      if (block.kind === "tool") return [chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] })];
    }
    // signature_delta, citations_delta, empty deltas.
    return [];
  }

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      const parsed = tryParseJson(event.data);
      if (parsed === undefined) return [streamError("unreadable stream event")];
      const result = anthropicStreamEventSchema.safeParse(parsed);
      if (!result.success) {
        // Anthropic may add event types; an unknown one is skipped, a malformed known one is an error.
        const type = isObject(parsed) ? parsed.type : undefined;
        return typeof type === "string" && !knownEventTypes.has(type) ? [] : [streamError("malformed stream event", result.error)];
      }
      const value = result.data;
      switch (value.type) {
        case "message_start":
          if (value.message.id) chunks.id = value.message.id;
          if (value.message.model) chunks.model = value.message.model;
          mergeUsage(value.message.usage);
          return [chunk({ content: "" })];
        case "content_block_start":
          return startBlock(value.index, value.content_block);
        case "content_block_delta":
          return blockDelta(value.index, value.delta);
        case "content_block_stop":
        case "ping":
          return [];
        case "message_delta": {
          mergeUsage(value.usage);
          if (value.delta.stop_reason === null || value.delta.stop_reason === undefined) return [];
          let reason = anthropicFinishReason(value.delta.stop_reason);
          if (answeredAsJson && toolCount === 0) reason = { unified: "stop", raw: reason.raw };
          finishReason = reason;
          return [chunk({}, toOpenAIFinishReason(reason))];
        }
        case "message_stop":
          completed = true;
          return [];
        case "error":
          return [{ type: "error", error: mapAnthropicStreamError(value, context) }];
      }
    },

    flush(): StreamPart[] {
      return completed ? [] : [streamError("upstream closed the stream before message_stop")];
    },

    summary(): StreamSummary {
      const total: CompletionUsage | undefined = usage ? anthropicUsage(usage) : undefined;
      return {
        id: chunks.id,
        created: context.created,
        model: chunks.model,
        usage: total,
        finishReasons: finishReason ? [finishReason] : [],
        completed,
      };
    },
  };
}
