import type { ChatCompletionRequest } from "@switchyard/schemas";
import { createFrameDecoder } from "../src/framing";
import type { CallContext, ProviderAdapter, StreamPart, UpstreamTarget } from "../src/spec";

export function callContext(
  target: Partial<UpstreamTarget> & Pick<UpstreamTarget, "provider" | "apiBase" | "model">,
  stream = false,
): CallContext {
  return {
    requestId: "req_test",
    created: 1_700_000_000,
    stream,
    target: { deploymentId: "dep-1", options: {}, apiKey: "sk-test-key", ...target },
  };
}

export const simpleRequest: ChatCompletionRequest = {
  model: "client-alias",
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hello" },
  ],
  temperature: 0.5,
};

/** Runs an SSE text through the adapter's framing and transformer, like the gateway does. */
export function runStream(adapter: ProviderAdapter, context: CallContext, text: string, pieceSize = 17): StreamPart[] {
  const decoder = createFrameDecoder(adapter.streamFraming);
  const transformer = adapter.chat.createStreamTransformer(context);
  const bytes = new TextEncoder().encode(text);
  const parts: StreamPart[] = [];
  for (let offset = 0; offset < bytes.length; offset += pieceSize) {
    for (const event of decoder.push(bytes.subarray(offset, offset + pieceSize))) parts.push(...transformer.transform(event));
  }
  for (const event of decoder.end()) parts.push(...transformer.transform(event));
  parts.push(...transformer.flush());
  return parts;
}

export function sse(events: unknown[]): string {
  return `${events.map((event) => `data: ${typeof event === "string" ? event : JSON.stringify(event)}\n\n`).join("")}`;
}
