import type { EmbeddingsRequest, EmbeddingsResponse } from "@switchyard/schemas";
import { embeddingTexts, toEmbedding } from "../shared/embeddings";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from "../spec";
import { geminiHeaders, geminiModelPath, geminiProvider, geminiUrl } from "./request";
import { geminiEmbeddingsSchema } from "./wire";

/** One `:batchEmbedContents` call for every input (the API takes up to 100 per call). */
function buildEmbeddingsRequest(request: EmbeddingsRequest, context: CallContext): UpstreamRequest {
  const model = geminiModelPath(context.target.model);
  const requests = embeddingTexts(request, context, geminiProvider).map((text) => {
    const item: Record<string, unknown> = { model, content: { parts: [{ text }] } };
    if (typeof request.dimensions === "number") item.outputDimensionality = request.dimensions;
    return item;
  });
  return {
    url: geminiUrl(context.target, "batchEmbedContents"),
    method: "POST",
    headers: geminiHeaders(context.target, false),
    body: JSON.stringify({ requests }),
  };
}

/** Gemini reports no token usage for embeddings, so the reply has none. */
function parseEmbeddingsResponse(body: unknown, context: CallContext): EmbeddingsResponse {
  const parsed = geminiEmbeddingsSchema.safeParse(body);
  if (!parsed.success) {
    throw unreadableReply(geminiProvider, context, "no embeddings", parsed.error);
  }
  return {
    object: "list",
    data: parsed.data.embeddings.map((item, index) => toEmbedding(item.values, index)),
    model: context.target.model,
  };
}

export const geminiEmbeddings: EmbeddingsAdapter = {
  buildRequest: buildEmbeddingsRequest,
  parseResponse: parseEmbeddingsResponse,
};
