import type { EmbeddingsRequest, EmbeddingsResponse } from "@switchyard/schemas";
import { embeddingTexts, toEmbedding } from "../shared/embeddings";
import { joinUrl } from "../shared/json";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from "../spec";
import { ollamaHeaders, ollamaProvider } from "./request";
import { ollamaEmbedSchema } from "./wire";

function buildEmbeddingsRequest(request: EmbeddingsRequest, context: CallContext): UpstreamRequest {
  const body: Record<string, unknown> = { model: context.target.model, input: embeddingTexts(request, context, ollamaProvider) };
  if (typeof request.dimensions === "number") body.dimensions = request.dimensions;
  return {
    url: joinUrl(context.target.apiBase, "/api/embed"),
    method: "POST",
    headers: ollamaHeaders(context.target, false),
    body: JSON.stringify(body),
  };
}

function parseEmbeddingsResponse(body: unknown, context: CallContext): EmbeddingsResponse {
  const parsed = ollamaEmbedSchema.safeParse(body);
  if (!parsed.success) {
    throw unreadableReply(ollamaProvider, context, "no embeddings", parsed.error);
  }
  const tokens = parsed.data.prompt_eval_count ?? 0;
  return {
    object: "list",
    data: parsed.data.embeddings.map((vector, index) => toEmbedding(vector, index)),
    model: parsed.data.model ?? context.target.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** `POST {apiBase}/api/embed` (Ollama 0.3.4+), one call for every input. */
export const ollamaEmbeddings: EmbeddingsAdapter = { buildRequest: buildEmbeddingsRequest, parseResponse: parseEmbeddingsResponse };
