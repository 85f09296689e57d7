import type { Embedding, EmbeddingsRequest } from "@switchyard/schemas";
import type { CallContext } from "../spec";
import { unsupported } from "./chat-request";

/** The texts of an embeddings request; token-id inputs are OpenAI's alone. */
export function embeddingTexts(request: EmbeddingsRequest, context: CallContext, provider: string): string[] {
  const input = request.input;
  if (typeof input === "string") return [input];
  if (input.every((item): item is string => typeof item === "string")) return input;
  throw unsupported(context, provider, "token-id inputs are not supported by this provider; send strings", "input");
}

/**
 * One OpenAI embedding object, as floats. `parseResponse` never sees the request, so a client's
 * `encoding_format: "base64"` is for the gateway to apply to non-OpenAI providers' replies.
 */
export function toEmbedding(vector: readonly number[], index: number): Embedding {
  return { object: "embedding", index, embedding: [...vector] };
}
