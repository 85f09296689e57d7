import { Readable } from "node:stream";
import type { UpstreamError } from "@switchyard/providers";
import type { ChatCompletionChunk } from "@switchyard/schemas";
import type { ChatStreamStep } from "./chat-stream";

export interface SseOptions {
  readonly includeUsage: boolean;
}

/** One step of a stream as the text to write for it ("" for nothing). The `end` step is the last. */
export type StepRenderer = (step: ChatStreamStep) => string;

function dataEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function errorEvent(error: UpstreamError): string {
  return dataEvent(error.toOpenAIError());
}

/**
 * Translated stream steps (chat-stream.ts, via the chat call) → OpenAI SSE text, one write per upstream network chunk. Ends with the
 * usage chunk (when asked for) and `data: [DONE]`; an upstream failure mid-stream ends with an
 * OpenAI error event instead, and a client that left gets nothing more.
 */
export function chatSseRenderer(options: SseOptions): StepRenderer {
  return (step) => {
    if (step.type === "chunks") return step.chunks.map(dataEvent).join("");
    const { summary, usage, failure, clientClosed } = step.end;
    if (clientClosed) return "";
    if (failure) return errorEvent(failure);
    if (!options.includeUsage) return "data: [DONE]\n\n";
    const chunk: ChatCompletionChunk = {
      id: summary.id,
      object: "chat.completion.chunk",
      created: summary.created,
      model: summary.model,
      choices: [],
      usage,
    };
    if (summary.systemFingerprint) chunk.system_fingerprint = summary.systemFingerprint;
    return `${dataEvent(chunk)}data: [DONE]\n\n`;
  };
}

/**
 * The response body of a stream: each step rendered and pushed as it arrives, the next one pulled
 * only when the client's socket took the last (like `Readable.from` with a high-water mark of one
 * byte). A plain Readable rather than `Readable.from` over an async generator: it lives as long as
 * the stream, and the generator and from()'s closures cost about 1.5 KB per open stream. After the
 * `end` step, and when the response is destroyed (client gone), the steps are returned, which
 * stops the upstream.
 */
export class SseBody extends Readable {
  private reading = false;
  private readonly steps: AsyncGenerator<ChatStreamStep>;
  private readonly render: StepRenderer;

  constructor(steps: AsyncGenerator<ChatStreamStep>, render: StepRenderer) {
    super({ highWaterMark: 1 });
    this.steps = steps;
    this.render = render;
  }

  override _read(): void {
    if (this.reading) return;
    this.reading = true;
    this.steps.next().then(this.onStep, this.onError);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.steps.return(undefined).then(
      () => process.nextTick(callback, error),
      (closing: unknown) => process.nextTick(callback, (closing as Error | undefined) ?? error),
    );
  }

  private readonly onStep = (result: IteratorResult<ChatStreamStep>): void => {
    if (this.destroyed) return;
    if (result.done) {
      this.push(null);
      return;
    }
    const step = result.value;
    let text: string;
    try {
      text = this.render(step);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (step.type === "end") {
      if (text !== "") this.push(text);
      this.steps.return(undefined).then(() => this.push(null), this.onError);
      return;
    }
    if (text === "" || this.push(text)) this.steps.next().then(this.onStep, this.onError);
    else this.reading = false;
  };

  private readonly onError = (error: unknown): void => {
    this.destroy(error as Error);
  };
}
