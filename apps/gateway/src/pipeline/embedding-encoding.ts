import type { EmbeddingsRequest, EmbeddingsResponse } from "@switchyard/schemas";

/** OpenAI's `encoding_format: "base64"`: the vector's float32 values, little-endian, base64-encoded. */
export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString("base64");
}

/**
 * Honour `encoding_format: "base64"` whatever the provider: OpenAI-style upstreams already
 * answer strings (the request passed it on); Gemini, Bedrock and Ollama only speak floats, so
 * the gateway encodes them. The official SDKs ask for base64 by default and decode it.
 */
export function applyEncodingFormat(response: EmbeddingsResponse, format: EmbeddingsRequest["encoding_format"]): EmbeddingsResponse {
  if (format !== "base64") return response;
  for (const item of response.data) if (Array.isArray(item.embedding)) item.embedding = float32Base64(item.embedding);
  return response;
}
