import { AnthropicEventStream, openAIToAnthropicError, serializeAnthropicEvent } from "@switchyard/providers/anthropic-messages/index";
import type { StepRenderer } from "./sse-response";

export interface AnthropicSseOptions {
  /** The model the client named: Anthropic clients see their own name back. */
  readonly model: string;
  /** Used as the message id when the stream ends before any chunk. */
  readonly requestId: string;
}

/**
 * Translated stream steps (chat-stream.ts, via the chat call; any provider) → Anthropic's SSE
 * event stream (message_start, content blocks, message_delta, message_stop), one write per
 * upstream network chunk. An upstream failure mid-stream ends with Anthropic's `error` event,
 * which the Anthropic SDK raises as an APIError. Render with `SseBody` (sse-response.ts).
 */
export function anthropicSseRenderer(options: AnthropicSseOptions): StepRenderer {
  const events = new AnthropicEventStream({ model: options.model, fallbackId: `chatcmpl-${options.requestId}` });
  return (step) => {
    if (step.type === "chunks")
      return step.chunks
        .flatMap((chunk) => events.push(chunk))
        .map(serializeAnthropicEvent)
        .join("");
    const { usage, failure, clientClosed } = step.end;
    if (clientClosed) return "";
    const tail = failure ? events.fail(openAIToAnthropicError(failure.gatewayStatus, failure.toOpenAIError()).error) : events.finish(usage);
    return tail.map(serializeAnthropicEvent).join("");
  };
}
