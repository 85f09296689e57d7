import {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  type EmbeddingsRequest,
  embeddingsRequestSchema,
} from "@switchyard/schemas";
import type { z } from "zod";
import { formatPath } from "../config/format-issues";
import { errors } from "../errors";

function firstIssue(error: z.ZodError): never {
  const issue = error.issues[0];
  const param = issue ? formatPath(issue.path) : "";
  const message = issue ? `Invalid value for '${param || "body"}': ${issue.message}` : "Invalid request body.";
  throw errors.invalidRequest(message, param || null);
}

function requireObject(body: unknown): void {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw errors.invalidRequest("The request body must be a JSON object.", null);
}

/**
 * Checks what adapters rely on (model, messages and their parts, tools, formats) and keeps every
 * other field, so OpenAI-compatible upstreams receive what the client sent.
 */
export function validateChatRequest(body: unknown): ChatCompletionRequest {
  requireObject(body);
  const result = chatCompletionRequestSchema.safeParse(body);
  if (!result.success) firstIssue(result.error);
  return result.data;
}

export function validateEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  requireObject(body);
  const result = embeddingsRequestSchema.safeParse(body);
  if (!result.success) firstIssue(result.error);
  return result.data;
}
