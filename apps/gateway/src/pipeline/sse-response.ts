import type { UpstreamError } from "@switchyard/providers";
import type { ChatCompletionChunk } from "@switchyard/schemas";
import type { UpstreamBody } from "../upstream/send";
import { type ChatStreamOptions, translateChatStream } from "./chat-stream";

export interface SseOptions extends ChatStreamOptions {
  readonly includeUsage: boolean;
}

function dataEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function errorEvent(error: UpstreamError): string {
  return dataEvent(error.toOpenAIError());
}

/**
 * Upstream stream bytes → OpenAI SSE text, one write per upstream network chunk. Ends with the
 * usage chunk (when asked for) and `data: [DONE]`; an upstream failure mid-stream ends with an
 * OpenAI error event instead.
 */
export async function* chatSseResponse(body: UpstreamBody, options: SseOptions): AsyncGenerator<string> {
  for await (const step of translateChatStream(body, options)) {
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
