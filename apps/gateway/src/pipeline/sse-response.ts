import type { UpstreamError } from "@switchyard/providers";
import type { ChatCompletionChunk } from "@switchyard/schemas";
import type { ChatStreamStep } from "./chat-stream";

export interface SseOptions {
  readonly includeUsage: boolean;
}

function dataEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function errorEvent(error: UpstreamError): string {
  return dataEvent(error.toOpenAIError());
}

/**
 * Translated stream steps (chat-stream.ts, via the chat call) → OpenAI SSE text, one write per upstream network chunk. Ends with the
 * usage chunk (when asked for) and `data: [DONE]`; an upstream failure mid-stream ends with an
 * OpenAI error event instead.
 */
export async function* chatSseResponse(steps: AsyncIterable<ChatStreamStep>, options: SseOptions): AsyncGenerator<string> {
  for await (const step of steps) {
    if (step.type === "chunks") {
      yield step.chunks.map(dataEvent).join("");
      continue;
    }
    const { summary, usage, failure, clientClosed } = step.end;
    if (clientClosed) return;
    if (failure) {
      yield errorEvent(failure);
      return;
    }
    if (options.includeUsage) {
      const chunk: ChatCompletionChunk = {
        id: summary.id,
        object: "chat.completion.chunk",
        created: summary.created,
        model: summary.model,
        choices: [],
        usage,
      };
      if (summary.systemFingerprint) chunk.system_fingerprint = summary.systemFingerprint;
      yield dataEvent(chunk);
    }
    yield "data: [DONE]\n\n";
  }
}
