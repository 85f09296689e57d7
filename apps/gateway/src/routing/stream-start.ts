import type { UpstreamError } from "@switchyard/providers";
import type { ChatStreamStep } from "../pipeline/chat-stream";
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
  return (async function* resumed(): AsyncGenerator<ChatStreamStep> {
    try {
      if (!first.done) yield first.value;
      for await (const step of source) {
        if (step.type === "end" && step.end.failure) onLateFailure(step.end.failure);
        yield step;
      }
    } finally {
      // The client may leave while the first step is still pending: close the upstream too.
      await source.return(undefined);
    }
  })();
}
