import type { UpstreamError } from "@switchyard/providers";
import { type ChatStreamStep, StepIterator } from "../pipeline/chat-stream";
import { ClientClosedError } from "../upstream/transport-errors";

/**
 * Holds a translated stream back until its first step exists. A failure before any chunk is
 * thrown here, while nothing has reached the client, so dispatch can still retry or fall back;
 * after that, failures end the stream with the ingress's error event and are reported through
 * `onLateFailure` (cooldowns). `onFirst` stops the first-token timer.
 */
export async function startStream(
  source: AsyncGenerator<ChatStreamStep>,
  onFirst: () => void,
  onLateFailure: (error: UpstreamError) => void,
): Promise<AsyncGenerator<ChatStreamStep>> {
  const first = await source.next();
  const end = first.done ? undefined : first.value.type === "end" ? first.value.end : undefined;
  if (end?.failure) throw end.failure;
  // The attempt's signal fired (client gone, or the first-token timeout): dispatch tells which.
  if (first.done || end?.clientClosed) throw new ClientClosedError("stream aborted before its first chunk");
  onFirst();
  return new ResumedStream(source, first.value, onLateFailure);
}

/**
 * The stream again from its first step, as a StepIterator (why not an async generator: see there).
 * It passes the source's promises through and lets go of the first step once it was handed on.
 */
class ResumedStream extends StepIterator {
  private first: ChatStreamStep | undefined;
  private readonly source: AsyncGenerator<ChatStreamStep>;
  private readonly onLateFailure: (error: UpstreamError) => void;

  constructor(source: AsyncGenerator<ChatStreamStep>, first: ChatStreamStep, onLateFailure: (error: UpstreamError) => void) {
    super();
    this.source = source;
    this.first = first;
    this.onLateFailure = onLateFailure;
  }

  next(): Promise<IteratorResult<ChatStreamStep>> {
    const first = this.first;
    if (first) {
      this.first = undefined;
      return Promise.resolve({ done: false, value: first });
    }
    return this.source.next().then(this.report);
  }

  /** Leaving early (client gone, error) closes the upstream too; a no-op once the source is done. */
  return(): Promise<IteratorResult<ChatStreamStep>> {
    this.first = undefined;
    return this.source.return(undefined);
  }

  private readonly report = (result: IteratorResult<ChatStreamStep>): IteratorResult<ChatStreamStep> => {
    if (!result.done && result.value.type === "end" && result.value.end.failure) this.onLateFailure(result.value.end.failure);
    return result;
  };
}
