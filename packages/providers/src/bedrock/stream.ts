import type { ChatCompletionChunkChoice, CompletionUsage } from "@switchyard/schemas";
import { toOpenAIFinishReason } from "../shared/finish-reason";
import { tryParseJson } from "../shared/json";
import { SingleChoiceChunks } from "../shared/single-choice-chunks";
import { streamErrorPart } from "../shared/upstream-error";
import type { CallContext, ChatStreamTransformer, FinishReason, StreamPart, StreamSummary, UpstreamStreamEvent } from "../spec";
import { mapBedrockStreamException } from "./errors";
import { converseFinishReason, converseUsage } from "./finish-reason";
import { bedrockProvider } from "./signing";
import { converseStreamPayloadSchemas as schemas } from "./wire";

type Delta = ChatCompletionChunkChoice["delta"];

/**
 * ConverseStream events (AWS event-stream frames, decoded by framing/aws-eventstream) → OpenAI
 * chunks: messageStart, contentBlockStart (a tool use begins), contentBlockDelta (text, tool
 * input JSON, reasoning), contentBlockStop, messageStop (stop reason), metadata (usage).
 * Exception frames (throttlingException, modelStreamErrorException, ...) become error parts.
 */
export function createConverseStreamTransformer(context: CallContext): ChatStreamTransformer {
  const chunks = new SingleChoiceChunks(context);
  const chunk = (delta: Delta, finish: string | null = null) => chunks.part(delta, finish);
  const streamError = (message: string, cause?: unknown) => streamErrorPart(bedrockProvider, context, message, cause);
  let usage: CompletionUsage | undefined;
  let finishReason: FinishReason | undefined;
  let completed = false;
  let toolCount = 0;
  /** Converse content block index → OpenAI tool_call index. */
  const toolIndexes = new Map<number, number>();

  return {
    transform(event: UpstreamStreamEvent): StreamPart[] {
      if (event.messageType === "exception" || event.messageType === "error") {
        return [{ type: "error", error: mapBedrockStreamException(event.event, event.data, context) }];
      }
      switch (event.event) {
        case "messageStart":
          return [chunk({ content: "" })];
        case "contentBlockStart": {
          const parsed = schemas.contentBlockStart.safeParse(tryParseJson(event.data));
          if (!parsed.success) return [streamError("malformed contentBlockStart", parsed.error)];
          const toolUse = parsed.data.start?.toolUse;
          if (!toolUse) return [];
          const toolIndex = toolCount++;
          toolIndexes.set(parsed.data.contentBlockIndex ?? 0, toolIndex);
          return [
            chunk({
              tool_calls: [{ index: toolIndex, id: toolUse.toolUseId, type: "function", function: { name: toolUse.name, arguments: "" } }],
            }),
          ];
        }
        case "contentBlockDelta": {
          const parsed = schemas.contentBlockDelta.safeParse(tryParseJson(event.data));
          if (!parsed.success) return [streamError("malformed contentBlockDelta", parsed.error)];
          const delta = parsed.data.delta;
          if (delta.text) return [chunk({ content: delta.text })];
          if (delta.reasoningContent?.text) return [chunk({ reasoning_content: delta.reasoningContent.text })];
          const input = delta.toolUse?.input;
          if (input) {
            const toolIndex = toolIndexes.get(parsed.data.contentBlockIndex ?? 0);
            if (toolIndex === undefined) return [streamError("tool input for a block that started no tool use")];
            return [chunk({ tool_calls: [{ index: toolIndex, function: { arguments: input } }] })];
          }
          return [];
        }
        case "messageStop": {
          const parsed = schemas.messageStop.safeParse(tryParseJson(event.data));
          if (!parsed.success) return [streamError("malformed messageStop", parsed.error)];
          finishReason = converseFinishReason(parsed.data.stopReason);
          completed = true;
          return [chunk({}, toOpenAIFinishReason(finishReason))];
        }
        case "metadata": {
          const parsed = schemas.metadata.safeParse(tryParseJson(event.data));
          if (parsed.success && parsed.data.usage) usage = converseUsage(parsed.data.usage);
          return [];
        }
        default:
          // contentBlockStop, and event types AWS may add.
          return [];
      }
    },

    flush(): StreamPart[] {
      return completed ? [] : [streamError("upstream closed the stream before messageStop")];
    },

    summary(): StreamSummary {
      return {
        id: chunks.id,
        created: context.created,
        model: chunks.model,
        usage,
        finishReasons: finishReason ? [finishReason] : [],
        completed,
      };
    },
  };
}
