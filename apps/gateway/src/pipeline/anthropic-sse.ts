import { AnthropicEventStream, openAIToAnthropicError, serializeAnthropicEvent } from "@switchyard/providers/anthropic-messages/index";
import type { ChatStreamStep } from "./chat-stream";

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
 * which the Anthropic SDK raises as an APIError.
 */
export async function* anthropicSseResponse(steps: AsyncIterable<ChatStreamStep>, options: AnthropicSseOptions): AsyncGenerator<string> {
  const events = new AnthropicEventStream({ model: options.model, fallbackId: `chatcmpl-${options.requestId}` });
  for await (const step of steps) {
    if (step.type === "chunks") {
      const text = step.chunks.flatMap((chunk) => events.push(chunk)).map(serializeAnthropicEvent);
      if (text.length > 0) yield text.join("");
      continue;
    }
    const { usage, failure, clientClosed } = step.end;
    if (clientClosed) return;
    const tail = failure ? events.fail(openAIToAnthropicError(failure.gatewayStatus, failure.toOpenAIError()).error) : events.finish(usage);
    yield tail.map(serializeAnthropicEvent).join("");
  }
}
