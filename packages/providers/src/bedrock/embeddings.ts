import type { EmbeddingsRequest, EmbeddingsResponse } from "@switchyard/schemas";
import { z } from "zod";
import { optionHeaders } from "../openai/request";
import { unsupported } from "../shared/chat-request";
import { embeddingTexts, toEmbedding } from "../shared/embeddings";
import { unreadableReply } from "../shared/upstream-error";
import type { CallContext, EmbeddingsAdapter, UpstreamRequest } from "../spec";
import { bedrockModelUrl } from "./request";
import { bedrockProvider, signBedrockRequest } from "./signing";

/**
 * Embeddings through InvokeModel, for the two families with a simple native body:
 * - Amazon Titan Text Embeddings (`amazon.titan-embed-text-*`): one text per call (`maxInputs` 1:
 *   the gateway sends a batch as one call per text).
 * - Cohere Embed (`cohere.embed-*`): up to 96 texts per call, `input_type` from `options.inputType`
 *   (default "search_document").
 * Model ids may carry a cross-region prefix (`us.`, `eu.`, ...). Other families are refused.
 */
type Family = "titan" | "cohere";

function familyOf(model: string): Family | undefined {
  if (/(^|\.)amazon\.titan-embed/.test(model)) return "titan";
  if (/(^|\.)cohere\.embed/.test(model)) return "cohere";
  return undefined;
}

const titanReply = z.looseObject({ embedding: z.array(z.number()), inputTextTokenCount: z.number().nullish() });
const cohereReply = z.looseObject({
  embeddings: z.union([z.array(z.array(z.number())), z.looseObject({ float: z.array(z.array(z.number())) })]),
});

function invokeBody(family: Family, texts: string[], request: EmbeddingsRequest, context: CallContext): Record<string, unknown> {
  if (family === "cohere") {
    const inputType = typeof context.target.options.inputType === "string" ? context.target.options.inputType : "search_document";
    return { texts, input_type: inputType };
  }
  if (texts.length !== 1) throw unsupported(context, bedrockProvider, "Titan embeddings take one input per request", "input");
  const body: Record<string, unknown> = { inputText: texts[0] };
  // Only Titan v2 takes a size.
  if (typeof request.dimensions === "number") body.dimensions = request.dimensions;
  return body;
}

/** Texts per InvokeModel call (Cohere Embed on Bedrock: at most 96). */
const maxTexts: Readonly<Record<Family, number>> = { titan: 1, cohere: 96 };

export function createBedrockEmbeddings(now: () => Date): EmbeddingsAdapter {
  return {
    maxInputs(context: CallContext): number | undefined {
      const family = familyOf(context.target.model);
      return family ? maxTexts[family] : undefined;
    },

    async buildRequest(request: EmbeddingsRequest, context: CallContext): Promise<UpstreamRequest> {
      const family = familyOf(context.target.model);
      if (!family)
        throw unsupported(context, bedrockProvider, "embeddings are supported for amazon.titan-embed-* and cohere.embed-* models", "model");
      const body = invokeBody(family, embeddingTexts(request, context, bedrockProvider), request, context);
      const headers = { ...optionHeaders(context.target), "content-type": "application/json", accept: "application/json" };
      return signBedrockRequest({ url: bedrockModelUrl(context, "invoke"), headers, body: JSON.stringify(body) }, context, now);
    },

    parseResponse(body: unknown, context: CallContext): EmbeddingsResponse {
      const model = context.target.model;
      const titan = titanReply.safeParse(body);
      if (titan.success) {
        const tokens = titan.data.inputTextTokenCount ?? 0;
        return {
          object: "list",
          data: [toEmbedding(titan.data.embedding, 0)],
          model,
          usage: { prompt_tokens: tokens, total_tokens: tokens },
        };
      }
      const cohere = cohereReply.safeParse(body);
      if (cohere.success) {
        const vectors = Array.isArray(cohere.data.embeddings) ? cohere.data.embeddings : cohere.data.embeddings.float;
        return { object: "list", data: vectors.map((vector, index) => toEmbedding(vector, index)), model };
      }
      throw unreadableReply(bedrockProvider, context, "no embeddings");
    },
  };
}
